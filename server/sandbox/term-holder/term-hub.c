/*
 * atelier-term hub: a lab machine's main process (under Docker's init), which the server reaches with
 * `docker attach` instead of one `docker exec` per shell. An attach costs about a millisecond where an exec
 * costs ~80 ms of the engine's CPU, so after a restart the server gets every shell of a class back at once.
 *
 * The hub multiplexes the machine's terminals over its stdin/stdout. For each terminal the server names it
 * connects to that terminal's holder (the abstract socket `atelier-term/<id>`) and relays the holder's own
 * protocol unchanged, so the server speaks to a holder the same way through the hub or through an exec.
 *
 * Server to hub: type (1) + terminal id (16 hex) + length (2, big endian) + payload:
 *   'A' connect to the holder    'D' bytes for the holder    'C' disconnect (the shell keeps running)
 *   'P' stop reading the holder  'R' read it again
 *   'Z' (id: a random nonce) a new server attached: disconnect all, drop queued output, answer 'Y'
 * Hub to server: type (1) + terminal id (16 hex) + length (4, big endian) + payload:
 *   'D' bytes from the holder    'E' the holder's connection ended    'N' no such terminal
 *   'Y' (id: the nonce) the new server's stream starts here: the previous one may have been cut mid-frame
 *
 * Everything on stdin is untrusted (lab root can write to it): bytes that do not start a frame are skipped.
 * With no server attached, Docker discards stdout; the holders keep their last 64 KiB for the next one.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 32
#define IDLEN 16
#define HUB_CHUNK (16 * 1024)
#define OUTCAP (256 * 1024)
#define UPCAP (64 * 1024 + 64)

int connect_to(const char *id);
int valid_id(const char *id);
void nonblock(int fd);

struct slot {
  char id[IDLEN + 1];
  int fd, paused;
  unsigned char up[UPCAP]; /* bytes for the holder not written yet */
  size_t up_len;
};

static struct slot slots[SLOTS];
static unsigned char hin[UPCAP + 32];
static size_t hin_len;
static unsigned char hout[OUTCAP];
static size_t hout_len;

static void emit(char type, const char *id, const unsigned char *p, uint32_t n) {
  if (hout_len + 1 + IDLEN + 4 + n > sizeof hout) return; /* only control frames reach here when full */
  unsigned char *o = hout + hout_len;
  o[0] = (unsigned char)type;
  memcpy(o + 1, id, IDLEN);
  o[17] = n >> 24, o[18] = n >> 16, o[19] = n >> 8, o[20] = n;
  if (n) memcpy(o + 21, p, n);
  hout_len += 21 + n;
}

static struct slot *find(const char *id) {
  for (int i = 0; i < SLOTS; i++)
    if (slots[i].fd >= 0 && !memcmp(slots[i].id, id, IDLEN)) return &slots[i];
  return NULL;
}

static void drop(struct slot *s, int tell) {
  if (s->fd < 0) return;
  close(s->fd);
  s->fd = -1;
  s->up_len = 0;
  if (tell) emit('E', s->id, NULL, 0);
}

static void open_slot(const char *id) {
  struct slot *s = find(id);
  if (s) drop(s, 0);
  for (int i = 0; i < SLOTS && !s; i++)
    if (slots[i].fd < 0) s = &slots[i];
  int fd = s && valid_id(id) ? connect_to(id) : -1;
  if (fd < 0) return emit('N', id, NULL, 0);
  nonblock(fd);
  memcpy(s->id, id, IDLEN);
  s->id[IDLEN] = 0;
  s->fd = fd, s->paused = 0, s->up_len = 0;
}

static void handle_frame(unsigned char type, const char *id, const unsigned char *p, size_t n) {
  char key[IDLEN + 1];
  memcpy(key, id, IDLEN);
  key[IDLEN] = 0;
  struct slot *s = find(key);
  if (type == 'Z') {
    /* A new server: what is queued was for the last one, which may also have taken half a frame with it.
     * 'Y' with the server's nonce marks where its stream starts; it skips everything before. */
    for (int i = 0; i < SLOTS; i++) drop(&slots[i], 0);
    hout_len = 0;
    emit('Y', key, NULL, 0);
  } else if (type == 'A') {
    open_slot(key);
  } else if (!s) {
    if (type == 'D') emit('E', key, NULL, 0); /* the server thinks it is connected: tell it otherwise */
  } else if (type == 'D') {
    if (s->up_len + n > sizeof s->up) return drop(s, 1); /* a holder that reads nothing */
    memcpy(s->up + s->up_len, p, n);
    s->up_len += n;
  } else if (type == 'C') {
    drop(s, 0);
  } else if (type == 'P' || type == 'R') {
    s->paused = type == 'P';
  }
}

static int frame_ok(const unsigned char *f) {
  if (!strchr("ADCPRZ", f[0]) || !f[0]) return 0;
  for (int i = 1; i <= IDLEN; i++)
    if (!((f[i] >= '0' && f[i] <= '9') || (f[i] >= 'a' && f[i] <= 'f'))) return 0;
  return 1;
}

static void parse_input(void) {
  size_t off = 0;
  while (hin_len - off >= 1 + IDLEN + 2) {
    if (!frame_ok(hin + off)) { /* not a frame start (lab root wrote to our stdin): look one byte on */
      off++;
      continue;
    }
    size_t n = (size_t)hin[off + 17] << 8 | hin[off + 18];
    if (hin_len - off < 19 + n) break;
    handle_frame(hin[off], (const char *)hin + off + 1, hin + off + 19, n);
    off += 19 + n;
  }
  memmove(hin, hin + off, hin_len - off);
  hin_len -= off;
}

int run_hub(void) {
  signal(SIGPIPE, SIG_IGN);
  for (int i = 0; i < SLOTS; i++) slots[i].fd = -1;
  nonblock(0), nonblock(1);
  int stdin_open = 1;
  for (;;) {
    struct pollfd fds[SLOTS + 2];
    int room = sizeof hout - hout_len >= HUB_CHUNK + 64;
    fds[0] = (struct pollfd){.fd = stdin_open && sizeof hin - hin_len > 0 ? 0 : -1, .events = POLLIN};
    fds[1] = (struct pollfd){.fd = hout_len ? 1 : -1, .events = POLLOUT};
    for (int i = 0; i < SLOTS; i++) {
      struct slot *s = &slots[i];
      short ev = (short)((room && !s->paused ? POLLIN : 0) | (s->up_len ? POLLOUT : 0));
      fds[i + 2] = (struct pollfd){.fd = s->fd >= 0 && ev ? s->fd : -1, .events = ev};
    }
    if (poll(fds, SLOTS + 2, -1) < 0 && errno != EINTR) return 1;
    if (fds[0].revents) {
      ssize_t r = read(0, hin + hin_len, sizeof hin - hin_len);
      if (r > 0) hin_len += (size_t)r, parse_input();
      /* No stdin any more: keep the machine alive (this process is its main one) and the shells held. */
      if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) stdin_open = 0;
    }
    for (int i = 0; i < SLOTS; i++) {
      struct slot *s = &slots[i];
      short re = fds[i + 2].revents;
      if (s->fd < 0 || !re) continue;
      if ((re & POLLOUT) && s->up_len) {
        ssize_t w = write(s->fd, s->up, s->up_len);
        if (w > 0) memmove(s->up, s->up + w, s->up_len - (size_t)w), s->up_len -= (size_t)w;
        else if (w < 0 && errno != EAGAIN && errno != EINTR) drop(s, 1);
      }
      if (s->fd >= 0 && (re & (POLLIN | POLLHUP | POLLERR)) && sizeof hout - hout_len >= HUB_CHUNK + 64) {
        unsigned char buf[HUB_CHUNK];
        ssize_t r = read(s->fd, buf, sizeof buf);
        if (r > 0) emit('D', s->id, buf, (uint32_t)r);
        else if (r == 0 || (errno != EAGAIN && errno != EINTR)) drop(s, 1);
      }
    }
    if (hout_len) {
      ssize_t w = write(1, hout, hout_len);
      if (w > 0) memmove(hout, hout + w, hout_len - (size_t)w), hout_len -= (size_t)w;
    }
  }
}
