/*
 * atelier-term: keeps a lab's shell alive while the platform's server restarts.
 *
 * Mounted read-only into every lab machine (a static binary, so nothing of the lab's own filesystem runs
 * it). One holder process per terminal owns the pty and the shell, keeps the last RING bytes of output,
 * and serves one client at a time on an abstract unix socket (per network namespace, so only this
 * machine's processes reach it and nothing on disk can be swapped for it). The server's docker exec runs
 * `attach`, a plain relay between its stdin/stdout and that socket; when the server dies the relay ends
 * and the holder waits for the next one.
 *
 *   atelier-term open <id> <rows> <cols> <idle-s>   start a holder with a login shell, then attach
 *   atelier-term start <id> <rows> <cols> <idle-s>  start it and exit (the server attaches through the hub)
 *   atelier-term attach <id>                        attach (exit 3 when there is no such terminal)
 *   atelier-term hangup <id>                        hang the terminal up (exit 0 when already gone)
 *   atelier-term hub                                a machine's main process: terminals over its stdio
 *                                                   for `docker attach` (term-hub.c)
 *
 * Holder to client: frames of type (1 byte) + length (4 bytes, big endian) + payload:
 *   'S' u32 replay length, u8 flags (1: older output was dropped): the next that many output bytes are
 *       the recent screen, replayed; everything after is live
 *   'o' output bytes        'x' i32 exit status of the shell (the holder ends after it)
 * Client to holder: type (1) + length (2, big endian) + payload:
 *   'i' input bytes         'w' u16 rows, u16 cols         'h' hang up
 * A new client replaces the current one. With no client the holder keeps reading until RING bytes are
 * unsent, then stops (the program blocks, as on a paused terminal); after <idle-s> without a client it
 * hangs up by itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define RING (64 * 1024)
#define CHUNK (16 * 1024)
#define INCAP (64 * 1024)
#define HANGUP_GRACE_MS 2000

static unsigned char ring[RING];
static uint64_t end_pos, sent_pos; /* bytes ever read from the pty; bytes handed to a client */
static unsigned char out[CHUNK + 16];
static size_t out_len, out_off;
static unsigned char in[INCAP + 8];
static size_t in_len;
static unsigned char pend[INCAP];
static size_t pend_len; /* input for the pty that did not fit yet */
static int master = -1, client = -1, listener = -1;
static pid_t shell_pid;

int valid_id(const char *id) {
  size_t n = strlen(id);
  if (n < 8 || n > 64) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f'))) return 0;
  return 1;
}

static socklen_t sock_addr(struct sockaddr_un *a, const char *id) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  int n = snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "atelier-term/%s", id);
  return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

int connect_to(const char *id) {
  struct sockaddr_un a;
  socklen_t len = sock_addr(&a, id);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&a, len) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

void nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

static void put32(unsigned char *p, uint32_t v) {
  p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

/* Writes a whole small frame to the client, blocking briefly; used for control frames only. */
static void send_frame(char type, const unsigned char *payload, uint32_t n) {
  unsigned char h[5] = {(unsigned char)type};
  put32(h + 1, n);
  if (client < 0) return;
  int flags = fcntl(client, F_GETFL);
  fcntl(client, F_SETFL, flags & ~O_NONBLOCK);
  if (write(client, h, 5) != 5 || (n && write(client, payload, n) != (ssize_t)n)) {
    close(client);
    client = -1;
    return;
  }
  fcntl(client, F_SETFL, flags);
}

static void drop_client(void) {
  if (client >= 0) close(client);
  client = -1;
  out_len = out_off = in_len = 0;
}

/* Sends what is pending for the client: the rest of the current frame, then the next ring chunk. */
static void flush_client(void) {
  while (client >= 0) {
    if (out_off == out_len) {
      out_off = out_len = 0;
      if (sent_pos == end_pos) return;
      uint64_t n = end_pos - sent_pos;
      if (n > CHUNK) n = CHUNK;
      for (uint64_t i = 0; i < n; i++) out[5 + i] = ring[(sent_pos + i) % RING];
      out[0] = 'o';
      put32(out + 1, (uint32_t)n);
      out_len = 5 + n;
      sent_pos += n;
    }
    ssize_t w = write(client, out + out_off, out_len - out_off);
    if (w < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (w <= 0) return drop_client();
    out_off += (size_t)w;
  }
}

static void attach_client(int fd) {
  drop_client();
  client = fd;
  nonblock(client);
  uint64_t oldest = end_pos > RING ? end_pos - RING : 0;
  sent_pos = oldest;
  unsigned char s[5];
  put32(s, (uint32_t)(end_pos - oldest));
  s[4] = oldest > 0;
  send_frame('S', s, 5);
}

static void hang_up(void) {
  pid_t fg = master >= 0 ? tcgetpgrp(master) : -1;
  if (fg > 1) kill(-fg, SIGHUP);
  kill(shell_pid, SIGHUP);
  long deadline = now_ms() + HANGUP_GRACE_MS;
  while (now_ms() < deadline) {
    if (waitpid(shell_pid, NULL, WNOHANG) == shell_pid) return;
    usleep(20000);
  }
  kill(-shell_pid, SIGKILL);
  kill(shell_pid, SIGKILL);
  waitpid(shell_pid, NULL, 0);
}

static void finish(int status) {
  unsigned char c[4];
  flush_client();
  if (client >= 0) {
    int flags = fcntl(client, F_GETFL);
    fcntl(client, F_SETFL, flags & ~O_NONBLOCK);
    while (client >= 0 && (out_off < out_len || sent_pos < end_pos)) {
      flush_client();
      if (client >= 0 && out_off < out_len) usleep(1000);
    }
  }
  put32(c, (uint32_t)status);
  send_frame('x', c, 4);
  _exit(0);
}

static void pty_write(const unsigned char *p, size_t n) {
  if (pend_len) {
    if (pend_len + n > sizeof pend) n = sizeof pend - pend_len; /* a paste the shell never reads */
    memcpy(pend + pend_len, p, n);
    pend_len += n;
    return;
  }
  ssize_t w = write(master, p, n);
  if (w < 0) w = 0;
  size_t rest = n - (size_t)w;
  if (rest > sizeof pend) rest = sizeof pend;
  memcpy(pend, p + w, rest);
  pend_len = rest;
}

/* Frames from the client: input, window size, hang up. */
static void handle_input(void) {
  size_t off = 0;
  while (in_len - off >= 3) {
    unsigned char type = in[off];
    size_t n = (size_t)in[off + 1] << 8 | in[off + 2];
    if (in_len - off < 3 + n) break;
    unsigned char *p = in + off + 3;
    if (type == 'i') pty_write(p, n);
    else if (type == 'w' && n == 4) {
      struct winsize ws = {.ws_row = (unsigned short)(p[0] << 8 | p[1]),
                           .ws_col = (unsigned short)(p[2] << 8 | p[3])};
      if (ws.ws_row && ws.ws_col) ioctl(master, TIOCSWINSZ, &ws);
    } else if (type == 'h') {
      hang_up();
      finish(-1);
    } else return drop_client(); /* not our protocol */
    off += 3 + n;
  }
  memmove(in, in + off, in_len - off);
  in_len -= off;
}

static int run_holder(int rows, int cols, int idle_s) {
  signal(SIGPIPE, SIG_IGN);
  master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) return 1;
  struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
  ioctl(master, TIOCSWINSZ, &ws);
  const char *slave_name = ptsname(master);
  if (!slave_name) return 1;
  shell_pid = fork();
  if (shell_pid < 0) return 1;
  if (shell_pid == 0) {
    setsid();
    int slave = open(slave_name, O_RDWR);
    if (slave < 0) _exit(127);
    ioctl(slave, TIOCSCTTY, 0);
    dup2(slave, 0), dup2(slave, 1), dup2(slave, 2);
    if (slave > 2) close(slave);
    signal(SIGPIPE, SIG_DFL);
    const char *home = getenv("HOME");
    if (!home || chdir(home) < 0) chdir("/");
    execlp("bash", "bash", "-l", (char *)NULL);
    execl("/bin/sh", "sh", "-l", (char *)NULL);
    _exit(127);
  }
  nonblock(master);
  nonblock(listener);
  long last_client = now_ms();
  for (;;) {
    if (client >= 0) last_client = now_ms();
    int status;
    if (waitpid(shell_pid, &status, WNOHANG) == shell_pid) {
      /* What the shell printed last is still in the pty. */
      unsigned char buf[CHUNK];
      for (ssize_t r; end_pos - sent_pos < RING && (r = read(master, buf, sizeof buf)) > 0;)
        for (ssize_t i = 0; i < r; i++) ring[end_pos++ % RING] = buf[i];
      finish(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
    if (client < 0 && idle_s > 0 && now_ms() - last_client > idle_s * 1000L) {
      hang_up();
      _exit(0);
    }
    struct pollfd fds[3] = {
        {.fd = master, .events = (short)((end_pos - sent_pos < RING ? POLLIN : 0) | (pend_len ? POLLOUT : 0))},
        {.fd = listener, .events = POLLIN},
        {.fd = client, .events = (short)((pend_len || in_len >= sizeof in - 3 ? 0 : POLLIN) |
                                         (out_off < out_len || sent_pos < end_pos ? POLLOUT : 0))},
    };
    if (poll(fds, client >= 0 ? 3 : 2, 250) < 0 && errno != EINTR) return 1;
    if (fds[0].revents & POLLIN) {
      unsigned char buf[CHUNK];
      uint64_t room = RING - (end_pos - sent_pos);
      ssize_t r = read(master, buf, room < sizeof buf ? room : sizeof buf);
      for (ssize_t i = 0; i < r; i++) ring[end_pos++ % RING] = buf[i];
    } else if (fds[0].revents & (POLLHUP | POLLERR)) {
      usleep(20000); /* every holder of the tty is gone; waitpid above ends it */
    }
    if ((fds[0].revents & POLLOUT) && pend_len) {
      ssize_t w = write(master, pend, pend_len);
      if (w > 0) memmove(pend, pend + w, pend_len - (size_t)w), pend_len -= (size_t)w;
    }
    if (fds[1].revents & POLLIN) {
      int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
      if (fd >= 0) attach_client(fd);
      continue;
    }
    if (client >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR))) {
      ssize_t r = read(client, in + in_len, sizeof in - in_len);
      if (r <= 0 && !(r < 0 && (errno == EAGAIN || errno == EINTR))) {
        drop_client();
      } else if (r > 0) {
        in_len += (size_t)r;
        handle_input();
      }
    }
    flush_client();
  }
}

/*
 * Copies stdin to the socket and the socket to stdout until either side ends. Each direction has its own
 * buffer and never blocks the other: input (Ctrl-C) still gets through while the server reads no output.
 */
static int relay(int sock) {
  static unsigned char up[CHUNK], down[CHUNK];
  size_t up_len = 0, up_off = 0, down_len = 0, down_off = 0;
  signal(SIGPIPE, SIG_IGN);
  nonblock(0), nonblock(1), nonblock(sock);
  for (;;) {
    struct pollfd fds[4] = {
        {.fd = up_len ? -1 : 0, .events = POLLIN},
        {.fd = up_len ? sock : -1, .events = POLLOUT},
        {.fd = down_len ? -1 : sock, .events = POLLIN},
        {.fd = down_len ? 1 : -1, .events = POLLOUT},
    };
    if (poll(fds, 4, -1) < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    if (fds[0].revents) {
      ssize_t r = read(0, up, sizeof up);
      if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) return 0; /* the server went away */
      if (r > 0) up_len = (size_t)r, up_off = 0;
    }
    if (up_len && (fds[1].revents || fds[0].revents)) {
      ssize_t w = write(sock, up + up_off, up_len - up_off);
      if (w < 0 && errno != EAGAIN && errno != EINTR) return 0;
      if (w > 0 && (up_off += (size_t)w) == up_len) up_len = 0;
    }
    if (fds[2].revents) {
      ssize_t r = read(sock, down, sizeof down);
      if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) return 0;
      if (r > 0) down_len = (size_t)r, down_off = 0;
    }
    if (down_len && (fds[3].revents || fds[2].revents)) {
      ssize_t w = write(1, down + down_off, down_len - down_off);
      if (w < 0 && errno != EAGAIN && errno != EINTR) return 1;
      if (w > 0 && (down_off += (size_t)w) == down_len) down_len = 0;
    }
  }
}

static int usage(void) {
  fputs("usage: atelier-term open|start ID ROWS COLS IDLE_S | attach ID | hangup ID\n", stderr);
  return 2;
}

int run_hub(void);

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "hub")) return run_hub();
  if (argc < 3 || !valid_id(argv[2])) return usage();
  const char *cmd = argv[1], *id = argv[2];
  if (!strcmp(cmd, "attach")) {
    int sock = connect_to(id);
    if (sock < 0) {
      fputs("atelier-term: no such terminal\n", stderr);
      return 3;
    }
    return relay(sock);
  }
  if (!strcmp(cmd, "hangup")) {
    int sock = connect_to(id);
    if (sock < 0) return 0;
    unsigned char h[3] = {'h', 0, 0}, buf[CHUNK];
    if (write(sock, h, 3) != 3) return 0;
    struct pollfd p = {.fd = sock, .events = POLLIN};
    long deadline = now_ms() + HANGUP_GRACE_MS + 1000;
    while (now_ms() < deadline && poll(&p, 1, 100) >= 0)
      if ((p.revents & (POLLIN | POLLHUP)) && read(sock, buf, sizeof buf) <= 0) return 0;
    return 1;
  }
  if ((strcmp(cmd, "open") && strcmp(cmd, "start")) || argc != 6) return usage();
  int rows = atoi(argv[3]), cols = atoi(argv[4]), idle_s = atoi(argv[5]);
  if (rows < 1 || rows > 1000 || cols < 1 || cols > 1000 || idle_s < 0) return usage();
  struct sockaddr_un a;
  socklen_t len = sock_addr(&a, id);
  listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0 || bind(listener, (struct sockaddr *)&a, len) < 0 || listen(listener, 4) < 0) {
    perror("atelier-term: listen");
    return 4;
  }
  pid_t holder = fork();
  if (holder < 0) return 1;
  if (holder == 0) {
    /* Out of the exec's session and streams: the holder outlives this process and the server. */
    setsid();
    if (fork() > 0) _exit(0);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0), dup2(null, 1), dup2(null, 2);
    if (null > 2) close(null);
    _exit(run_holder(rows, cols, idle_s));
  }
  close(listener);
  waitpid(holder, NULL, 0);
  int sock = connect_to(id);
  if (sock < 0) {
    fputs("atelier-term: the holder did not start\n", stderr);
    return 1;
  }
  if (!strcmp(cmd, "start")) return 0; /* it replays the screen to whoever attaches next */
  return relay(sock);
}
