/*
 * atelier-file: the editor's file operations inside a lab machine.
 *
 * Mounted read-only into every lab machine beside atelier-term (static, so a learner who breaks the lab's
 * own tools still gets an editor); the platform runs it as root with `docker exec`, in the machine's mount
 * namespace (tmpfs mounts such as /tmp are seen as the learner sees them), one command per exec or many
 * through `serve`.
 *
 *   atelier-file ls <path> <max-entries>     a directory: "D\0<realpath>\0", then per entry
 *                                            "<type>\0<mode>\0<size>\0<target>\0<name>\0"; "T\0" when cut
 *   atelier-file read <path> <max-bytes>     a regular file: its record, then its content
 *   atelier-file write <path> <expect> <max-bytes>
 *                                            the content on stdin replaces the file; <expect> is the
 *                                            version opened, "*" (the file must not exist) or "-" (any);
 *                                            prints its record, then "C\0" when it made the file
 *   atelier-file serve                       the same commands, one after the other, over stdin/stdout
 *                                            (framed: see serve()), so the platform's requests need no exec
 *
 * A record is "<mode>\0<uid>\0<gid>\0<owner>\0<group>\0<size>\0<version>\0<realpath>\0"; the version is
 * "<mtime s>.<mtime ns>-<size>-<inode>": a change made in the terminal changes it.
 * Types: f file, d directory, l symlink, o other; a link's target: f, d, o, or m (missing).
 * A save writes a temporary file beside the original with its owner, group and mode, then renames it over:
 * a full disk leaves the original whole. Where a rename cannot replace the file (a bind mount such as
 * /etc/hosts, or a file with several hard links) the content is written in place instead, its space
 * reserved first.
 * Exit codes: 0 ok, 2 no such file, 3 no such directory, 4 is a directory, 5 not a regular file, 6 too big,
 * 7 changed or deleted since opened (stdout: the current record, if any), 8 exists, 9 not a directory, 10 write failed
 * (stderr: why), 64 usage.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUDGET_S 20
#define SERVE_IDLE_S 600
#define MAX_ARGS 8192
#define MAX_BODY (2 * 1024 * 1024)

/* Where a command's output goes: stdout, or a request's answer in `serve`. */
static FILE *out;
/* Why a command failed (the machine's error), for stderr or the answer. */
static char why[256];

static void put(const char *s) { fwrite(s, 1, strlen(s) + 1, out); }

static void putnum(unsigned long long n) {
  char b[32];
  snprintf(b, sizeof b, "%llu", n);
  put(b);
}

/* The name of uid/gid `id` in /etc/passwd or /etc/group (static: no NSS), or its number. */
static void put_name(const char *db, unsigned id) {
  char line[1024], want[16];
  snprintf(want, sizeof want, "%u", id);
  FILE *f = fopen(db, "re");
  while (f && fgets(line, sizeof line, f)) {
    /* strsep, not strtok: an empty password field ("bob::1000:…") is still a field. */
    char *rest = line, *name = strsep(&rest, ":"), *pw = strsep(&rest, ":"), *num = strsep(&rest, ":");
    if (name && *name && pw && num && strcmp(num, want) == 0) {
      fclose(f);
      put(name);
      return;
    }
  }
  if (f) fclose(f);
  put(want);
}

static void version_of(const struct stat *st, char *out, size_t n) {
  snprintf(out, n, "%lld.%09ld-%lld-%llu", (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
           (long long)st->st_size, (unsigned long long)st->st_ino);
}

static void put_record(const struct stat *st, const char *real, unsigned long long size) {
  char v[96];
  version_of(st, v, sizeof v);
  putnum(st->st_mode & 07777);
  putnum(st->st_uid);
  putnum(st->st_gid);
  put_name("/etc/passwd", st->st_uid);
  put_name("/etc/group", st->st_gid);
  putnum(size);
  put(v);
  put(real);
}

static char type_of(mode_t m) { return S_ISREG(m) ? 'f' : S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : 'o'; }

static int fail_errno(int err) {
  if (err == ENOENT) return 2;
  if (err == ENOTDIR) return 9;
  snprintf(why, sizeof why, "%s", strerror(err));
  return 10;
}

static int cmd_ls(const char *path, long max) {
  char real[PATH_MAX];
  if (!realpath(path, real)) return fail_errno(errno);
  DIR *d = opendir(real);
  if (!d) return errno == ENOTDIR ? 9 : fail_errno(errno);
  put("D");
  put(real);
  long shown = 0;
  int cut = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (shown >= max) {
      cut = 1;
      break;
    }
    struct stat st, to;
    if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    char type[2] = {type_of(st.st_mode), 0}, target[2] = {0, 0};
    if (S_ISLNK(st.st_mode))
      target[0] = fstatat(dirfd(d), e->d_name, &to, 0) == 0 ? type_of(to.st_mode) : 'm';
    put(type);
    putnum(st.st_mode & 07777);
    putnum((unsigned long long)st.st_size);
    put(target);
    put(e->d_name);
    shown++;
  }
  closedir(d);
  if (cut) put("T");
  return 0;
}

/* A regular file as realpath and stat; an exit code when it is not one. */
static int regular(const char *path, char *real, struct stat *st) {
  if (!realpath(path, real)) return fail_errno(errno);
  if (stat(real, st) != 0) return fail_errno(errno);
  if (S_ISDIR(st->st_mode)) return 4;
  if (!S_ISREG(st->st_mode)) return 5;
  return 0;
}

/* Up to max + 1 bytes of fd: more than max means too big. NULL on a read error (errno says which). */
static char *read_upto(int fd, long max, size_t *len) {
  char *buf = malloc((size_t)max + 1);
  *len = 0;
  for (ssize_t n; buf && *len <= (size_t)max; *len += (size_t)n) {
    n = read(fd, buf + *len, (size_t)max + 1 - *len);
    if (n < 0 && errno == EINTR) n = 0;
    else if (n < 0) return free(buf), NULL;
    else if (n == 0) break;
  }
  return buf;
}

static int cmd_read(const char *path, long max) {
  char real[PATH_MAX];
  struct stat st;
  int rc = regular(path, real, &st);
  if (rc) return rc;
  if (st.st_size > max) return 6;
  int fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail_errno(errno);
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return close(fd), 5;
  /* Files under /proc say size 0: read up to max + 1 to tell a too big one. */
  size_t len;
  char *buf = read_upto(fd, max, &len);
  int err = errno;
  close(fd);
  if (!buf) return fail_errno(err);
  if (len <= (size_t)max) {
    put_record(&st, real, len);
    fwrite(buf, 1, len, out);
  }
  free(buf);
  return len > (size_t)max ? 6 : 0;
}

static int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

/* A temporary file in `dir` holding the content, with the owner, group and mode asked; its fd or -1. */
static int temp_copy(const char *dir, char *tmp, const char *buf, size_t len, uid_t uid, gid_t gid,
                     mode_t mode) {
  /* A name no save uses now: `serve` saves one after the other, and a killed save may have left one. */
  static unsigned seq;
  int fd = -1;
  for (int tries = 0; fd < 0 && tries < 50; tries++) {
    snprintf(tmp, PATH_MAX, "%s/.atelier-save-%ld-%u", strcmp(dir, "/") ? dir : "", (long)getpid(), seq++);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) return -1;
  }
  if (fd < 0) return -1;
  /* The owner first: chown clears setuid and setgid bits, which the mode then sets again. */
  if (write_all(fd, buf, len) != 0 || fchown(fd, uid, gid) != 0 || fchmod(fd, mode) != 0 || fsync(fd) != 0) {
    int err = errno;
    close(fd);
    unlink(tmp);
    errno = err;
    return -1;
  }
  return fd;
}

/* The content written over the file itself. Its blocks are reserved first (without changing its size), so a
 * full disk refuses before a byte of the original is lost where the filesystem can reserve (ext4, tmpfs). */
static int in_place(const char *real, const char *buf, size_t len) {
  int fd = open(real, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = len > 0 && fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)len) != 0 && errno != EOPNOTSUPP ? -1 : 0;
  if (rc == 0) rc = write_all(fd, buf, len) != 0 || ftruncate(fd, (off_t)len) != 0 ? -1 : 0;
  int err = errno;
  close(fd);
  errno = err;
  return rc;
}

static int cmd_write(const char *path, const char *expect, long max, const char *buf, size_t len) {
  if (len > (size_t)max) return 6;

  char real[PATH_MAX], tmp[PATH_MAX], dir[PATH_MAX], copy[PATH_MAX];
  struct stat st, parent;
  int exists = lstat(path, &st) == 0;
  if (exists) {
    int rc = regular(path, real, &st);
    if (rc == 2) return 3; /* a link to nowhere */
    if (rc) return rc;
    if (!strcmp(expect, "*")) return 8;
    char v[96];
    version_of(&st, v, sizeof v);
    if (strcmp(expect, "-") && strcmp(expect, v)) return put_record(&st, real, (unsigned long long)st.st_size), 7;
  } else {
    if (errno != ENOENT) return fail_errno(errno);
    if (strcmp(expect, "*") && strcmp(expect, "-")) return 7; /* deleted since it was opened */
    snprintf(copy, sizeof copy, "%s", path);
    if (!realpath(dirname(copy), dir)) return errno == ENOENT ? 3 : fail_errno(errno);
    if (stat(dir, &parent) != 0 || !S_ISDIR(parent.st_mode)) return 9;
    snprintf(copy, sizeof copy, "%s", path);
    if (snprintf(real, sizeof real, "%s/%s", strcmp(dir, "/") ? dir : "", basename(copy)) >= PATH_MAX)
      return fail_errno(ENAMETOOLONG);
  }

  snprintf(copy, sizeof copy, "%s", real);
  snprintf(dir, sizeof dir, "%s", dirname(copy));
  int fd;
  if (!exists) {
    fd = temp_copy(dir, tmp, buf, len, parent.st_uid, parent.st_gid, 0644);
    if (fd < 0) return fail_errno(errno);
    /* link() refuses an existing name: a file made meanwhile is not overwritten. */
    int rc = link(tmp, real) == 0 ? 0 : errno == EEXIST ? 8 : fail_errno(errno);
    unlink(tmp);
    close(fd);
    if (rc) return rc;
  } else if (st.st_nlink > 1) {
    if (in_place(real, buf, len) != 0) return fail_errno(errno);
  } else {
    fd = temp_copy(dir, tmp, buf, len, st.st_uid, st.st_gid, st.st_mode & 07777);
    if (fd < 0) return fail_errno(errno); /* the original is untouched (e.g. a full disk) */
    int rc = rename(tmp, real), err = errno;
    close(fd);
    if (rc != 0) {
      unlink(tmp);
      if (err != EBUSY && err != EXDEV) return fail_errno(err);
      if (in_place(real, buf, len) != 0) return fail_errno(errno); /* a bind-mounted file */
    }
  }
  if (stat(real, &st) != 0) return fail_errno(errno);
  put_record(&st, real, (unsigned long long)st.st_size);
  if (!exists) put("C");
  return 0;
}

static int run(int argc, char **argv, const char *body, size_t len) {
  if (argc == 3 && !strcmp(argv[0], "ls")) return cmd_ls(argv[1], atol(argv[2]));
  if (argc == 3 && !strcmp(argv[0], "read")) return cmd_read(argv[1], atol(argv[2]));
  if (argc == 4 && !strcmp(argv[0], "write")) return cmd_write(argv[1], argv[2], atol(argv[3]), body, len);
  snprintf(why, sizeof why, "usage: atelier-file ls|read <path> <max> | write <path> <version|*|-> <max> | serve");
  return 64;
}

static int read_full(int fd, void *buf, size_t len) {
  for (size_t got = 0; got < len;) {
    ssize_t n = read(fd, (char *)buf + got, len - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    got += (size_t)n;
  }
  return 0;
}

static int write_full(int fd, const void *buf, size_t len) { return write_all(fd, buf, len); }

static uint32_t be32(const unsigned char *b) {
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void put32(unsigned char *b, uint32_t v) {
  b[0] = v >> 24, b[1] = v >> 16, b[2] = v >> 8, b[3] = (unsigned char)v;
}

/*
 * `serve`: the same commands, one after the other, over stdin/stdout, so a save costs no exec. A request is
 * u32 id, u32 args length, u32 body length (big endian), the arguments (each ending in NUL), the body; the
 * answer is u32 id, u32 exit code, u32 output length, u32 reason length, the output, the reason. Anything out
 * of bounds ends the server (the platform then runs the command on its own); so do SERVE_IDLE_S without a
 * request and a command that runs over BUDGET_S.
 */
static int serve(void) {
  signal(SIGPIPE, SIG_DFL);
  for (;;) {
    struct pollfd p = {.fd = 0, .events = POLLIN};
    if (poll(&p, 1, SERVE_IDLE_S * 1000) <= 0) return 0;
    unsigned char h[12];
    if (read_full(0, h, sizeof h) != 0) return 0;
    uint32_t id = be32(h), alen = be32(h + 4), blen = be32(h + 8);
    if (alen == 0 || alen > MAX_ARGS || blen > MAX_BODY) return 65;
    char *args = malloc(alen + 1), *body = malloc(blen + 1), *obuf = NULL;
    if (!args || !body || read_full(0, args, alen) != 0 || read_full(0, body, blen) != 0) return 65;
    args[alen] = 0;
    char *argv[8];
    int argc = 0;
    for (char *a = args; a < args + alen && argc < 8; a += strlen(a) + 1) argv[argc++] = a;
    size_t olen = 0;
    out = open_memstream(&obuf, &olen);
    if (!out) return 66;
    why[0] = 0;
    alarm(BUDGET_S);
    int code = run(argc, argv, body, blen);
    alarm(0);
    fclose(out);
    unsigned char a[16];
    put32(a, id), put32(a + 4, (uint32_t)code), put32(a + 8, (uint32_t)olen), put32(a + 12, (uint32_t)strlen(why));
    int ok = write_full(1, a, sizeof a) == 0 && write_full(1, obuf, olen) == 0 && write_full(1, why, strlen(why)) == 0;
    free(args), free(body), free(obuf);
    if (!ok) return 0;
  }
}

int main(int argc, char **argv) {
  umask(0);
  out = stdout;
  if (argc == 2 && !strcmp(argv[1], "serve")) return serve();
  alarm(BUDGET_S);
  size_t len = 0;
  char *body = NULL;
  if (argc == 5 && !strcmp(argv[1], "write") && !(body = read_upto(0, atol(argv[4]), &len)))
    return fail_errno(errno), fprintf(stderr, "%s\n", why), 10;
  int code = run(argc - 1, argv + 1, body, len);
  if (why[0]) fprintf(stderr, "%s\n", why);
  return code;
}
