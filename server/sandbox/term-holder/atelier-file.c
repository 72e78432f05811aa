/*
 * atelier-file: the editor's file operations inside a lab machine.
 *
 * Mounted read-only into every lab machine beside atelier-term (static, so a learner who breaks the lab's
 * own tools still gets an editor); the platform runs it as root with `docker exec`, in the machine's mount
 * namespace (tmpfs mounts such as /tmp are seen as the learner sees them).
 *
 *   atelier-file ls <path> <max-entries>     a directory: "D\0<realpath>\0", then per entry
 *                                            "<type>\0<mode>\0<size>\0<target>\0<name>\0"; "T\0" when cut
 *   atelier-file read <path> <max-bytes>     a regular file: its record, then its content
 *   atelier-file write <path> <expect> <max-bytes>
 *                                            the content on stdin replaces the file; <expect> is the
 *                                            version opened, "*" (the file must not exist) or "-" (any);
 *                                            prints its record, then "C\0" when it made the file
 *
 * A record is "<mode>\0<uid>\0<gid>\0<owner>\0<group>\0<size>\0<version>\0<realpath>\0"; the version is
 * "<mtime s>.<mtime ns>-<size>-<inode>": a change made in the terminal changes it.
 * Types: f file, d directory, l symlink, o other; a link's target: f, d, o, or m (missing).
 * A save writes a temporary file beside the original with its owner, group and mode, then renames it over:
 * a full disk leaves the original whole. Where a rename cannot replace the file (a bind mount such as
 * /etc/hosts, or a file with several hard links) the content is written in place instead.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUDGET_S 20

static void put(const char *s) { fwrite(s, 1, strlen(s) + 1, stdout); }

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
    char *name = strtok(line, ":"), *pw = strtok(NULL, ":"), *num = strtok(NULL, ":");
    if (name && pw && num && strcmp(num, want) == 0) {
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
  fprintf(stderr, "%s\n", strerror(err));
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
  char *buf = malloc((size_t)max + 1);
  size_t len = 0;
  for (ssize_t n; buf && len <= (size_t)max; len += (size_t)n) {
    n = read(fd, buf + len, (size_t)max + 1 - len);
    if (n < 0 && errno == EINTR) n = 0;
    else if (n < 0) return close(fd), fail_errno(errno);
    else if (n == 0) break;
  }
  close(fd);
  if (!buf) return fail_errno(ENOMEM);
  if (len > (size_t)max) return 6;
  put_record(&st, real, len);
  fwrite(buf, 1, len, stdout);
  return 0;
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
  snprintf(tmp, PATH_MAX, "%s/.atelier-save-%ld", strcmp(dir, "/") ? dir : "", (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
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

static int in_place(const char *real, const char *buf, size_t len) {
  int fd = open(real, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = write_all(fd, buf, len);
  int err = errno;
  close(fd);
  errno = err;
  return rc;
}

static int cmd_write(const char *path, const char *expect, long max) {
  char *buf = malloc((size_t)max + 1);
  size_t len = 0;
  for (ssize_t n; buf && len <= (size_t)max; len += (size_t)n) {
    n = read(0, buf + len, (size_t)max + 1 - len);
    if (n < 0 && errno == EINTR) n = 0;
    else if (n < 0) return fail_errno(errno);
    else if (n == 0) break;
  }
  if (!buf) return fail_errno(ENOMEM);
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

int main(int argc, char **argv) {
  alarm(BUDGET_S);
  umask(0);
  if (argc == 4 && !strcmp(argv[1], "ls")) return cmd_ls(argv[2], atol(argv[3]));
  if (argc == 4 && !strcmp(argv[1], "read")) return cmd_read(argv[2], atol(argv[3]));
  if (argc == 5 && !strcmp(argv[1], "write")) return cmd_write(argv[2], argv[3], atol(argv[4]));
  fprintf(stderr, "usage: atelier-file ls|read <path> <max> | write <path> <version|*|-> <max>\n");
  return 64;
}
