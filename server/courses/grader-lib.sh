# Functions for the check batch that runs in the lab's grader (check-script.ts). Our image's own tools,
# always by absolute path; the lab's root directory is $R. Only bash, coreutils, grep, sed, awk and dpkg.

# __res PATH FOLLOW: sets __r to PATH resolved inside the lab's root (no subshell: checks call it often).
# Every symlink on the way is read and followed within $R ('..' stops at the root, an absolute target
# restarts from it), the last one only when FOLLOW is 1, so the kernel never follows a lab's link itself
# (an absolute one would point into the grader). Returns 4 on a loop.
__res() {
  local -a q rest
  local out='' c t n=0 i=0
  IFS=/ read -r -a q <<<"${1#/}"
  while [ "$i" -lt "${#q[@]}" ]; do
    c=${q[i]}
    i=$((i + 1))
    case $c in
      '' | .) continue ;;
      ..) out=${out%/*}; continue ;;
    esac
    if [ -L "$R$out/$c" ] && { [ "$i" -lt "${#q[@]}" ] || [ "$2" = 1 ]; }; then
      n=$((n + 1))
      [ "$n" -le 40 ] || return 4
      t=$(/usr/bin/readlink -- "$R$out/$c") || return 4
      case $t in /*) out='' ;; esac
      IFS=/ read -r -a rest <<<"${t#/}"
      q=("${rest[@]}" "${q[@]:i}")
      i=0
    else
      out=$out/$c
    fi
  done
  __r=${out:-/}
}

# __glob PATTERN MAX: sets the array __m to the lab paths matching PATTERN ('*', '?', '[...]' within a
# component; a leading dot is matched only by a dot), at most MAX. Each directory is resolved by __res
# before our bash lists it, so the kernel never follows a lab's link; a match keeps the directories as
# the pattern spells them and its last component is not followed. Names holding a newline are skipped.
__glob() {
  local -a q next
  local c d e IFS= nullglob
  nullglob=$(shopt -p nullglob) || true # restored at the end: other probes of the batch share this shell
  shopt -s nullglob
  IFS=/ read -r -a q <<<"${1#/}"
  __m=('')
  for c in "${q[@]}"; do
    case $c in '' | .) continue ;; esac
    next=()
    for d in "${__m[@]}"; do
      case $c in
        *[*?[]*)
          __res "${d:-/}" 1 && [ -d "$R$__r" ] && [ ! -L "$R$__r" ] || continue
          for e in "$R${__r%/}"/$c; do
            e=${e##*/}
            case $e in . | .. | *$'\n'*) continue ;; esac
            next+=("$d/$e")
          done
          ;;
        *) next+=("$d/$c") ;;
      esac
    done
    __m=("${next[@]:0:$2}")
  done
  next=()
  for d in "${__m[@]}"; do
    [ -n "$d" ] && __res "$d" 0 && { [ -L "$R$__r" ] || [ -e "$R$__r" ]; } && next+=("$d")
  done
  __m=("${next[@]}")
  eval "$nullglob"
}

# __ours /proc/PID: true for the grader's own processes (they share the lab's PID namespace but not its
# mount namespace), so probes list the lab's processes only. Never true in a test run with no $R.
__ours() {
  [ -n "$R" ] && [ "$1/ns/mnt" -ef /proc/self/ns/mnt ]
}

# __sums PKG: what this image's own copy of PKG ships, as "<md5> TAB /<path>" lines, after a "K" line when
# the image holds PKG at all: from its dpkg database (installed at build) and from the .deb in its apt cache
# (a package a learner may install offline). Read per package when a check first asks (an image with
# hundreds of cached .deb files would take a minute to index whole) and kept in the grader's private /tmp.
__sums() {
  case $1 in '' | *[!a-z0-9+.-]* | [.+-]*) return 0 ;; esac # a name from the lab's database may be anything
  local c=/tmp/atelier-sums/$1 f deb known=''
  if [ ! -e "$c" ]; then
    /usr/bin/mkdir -p /tmp/atelier-sums
    {
      if /usr/bin/dpkg-query -W -f '${db:Status-Status}\n' -- "$1" 2>/dev/null | /usr/bin/grep -qx installed; then
        known=1
        for f in /var/lib/dpkg/info/"$1".md5sums /var/lib/dpkg/info/"$1":*.md5sums; do
          [ -f "$f" ] && /usr/bin/sed 's|^\([0-9a-f]*\)  |\1\t/|' "$f"
        done
      fi
      for deb in /var/cache/apt/archives/"$1"_*.deb; do
        [ -f "$deb" ] || continue
        known=1
        /usr/bin/dpkg-deb -I "$deb" md5sums 2>/dev/null | /usr/bin/sed 's|^\([0-9a-f]*\)  |\1\t/|'
      done
      [ -n "$known" ] && echo K
    } >"$c.new" 2>/dev/null && /usr/bin/mv "$c.new" "$c"
  fi
  /usr/bin/cat -- "$c" 2>/dev/null
}

# __owners PATH...: the packages that say they own these paths, by the image's dpkg database and by the
# lab's (a package the learner installed); only candidates: __sums decides from the image's own copy.
__owners() {
  {
    /usr/bin/dpkg-query -S -- "$@" 2>/dev/null
    /usr/bin/dpkg-query --admindir="$R/var/lib/dpkg" -S -- "$@" 2>/dev/null
  } | /usr/bin/sed -n 's/: \/.*//p' | /usr/bin/tr ',' '\n' | /usr/bin/sed 's/^ *//; s/:.*//' | /usr/bin/sort -u
}

# __pkg NAME: what the lab's dpkg database says of NAME (read by our dpkg-query), then how the package's
# files in the lab compare with the image's copy:
#   S <status> <version>             status as dpkg-query reads it ('' when unknown)
#   K <0|1>                          1 when the image holds this package (a trusted copy to compare with)
#   F <files> <present> <programs> <matching>
#   X <path>                         the first file missing or different
__pkg() {
  local s
  s=$(/usr/bin/dpkg-query --admindir="$R/var/lib/dpkg" -W -f '${db:Status-Status} ${Version}' -- "$1" 2>/dev/null) || s=''
  printf 'S %s\n' "$s"
  local own
  own=$(__sums "$1")
  printf '%s\n' "$own" | /usr/bin/grep -qx K && echo 'K 1' || echo 'K 0'
  local files=0 present=0 programs=0 matching=0 first='' m f
  local -a sums=()
  while IFS=$'\t' read -r m f; do
    [ -n "$f" ] || continue
    files=$((files + 1))
    if [ -f "$R$f" ]; then present=$((present + 1)); else first=${first:-$f}; continue; fi
    case $f in */bin/* | */sbin/*) sums+=("$m  $R$f") ;; esac
  done < <(printf '%s\n' "$own" | /usr/bin/sort -u -t $'\t' -k2,2)
  programs=${#sums[@]}
  if [ "$programs" -gt 0 ]; then
    local bad
    bad=$(printf '%s\n' "${sums[@]}" | /usr/bin/md5sum -c --quiet 2>/dev/null | /usr/bin/sed -n 's/: FAILED.*//p')
    matching=$((programs - $(printf '%s' "$bad" | /usr/bin/grep -c .)))
    [ -n "$bad" ] && first=${first:-${bad%%$'\n'*}}
  fi
  printf 'F %d %d %d %d\n' "$files" "$present" "$programs" "$matching"
  [ -n "$first" ] && printf 'X %s\n' "${first#"$R"}"
  return 0
}

# __exe PID: the program a process runs, by its checksum: "<path> TAB <1 when the image ships exactly
# this file at this path, else 0>". /proc/PID/exe is the file the kernel mapped, even if replaced since.
__exe() {
  local e m alt
  e=$(/usr/bin/readlink -- "/proc/$1/exe") || return 1
  case $e in *$'\n'* | *$'\t'*) return 1 ;; esac # a crafted file name must not pass for another line
  m=$(/usr/bin/md5sum <"/proc/$1/exe") || return 1
  m=${m%% *}
  alt=${e#/usr}
  local p found=''
  for p in $(__owners "$alt" "/usr$alt"); do
    if __sums "$p" | /usr/bin/awk -F '\t' -v m="$m" -v a="$alt" '$1 == m && ($2 == a || $2 == "/usr" a) { f = 1; exit } END { exit !f }'; then
      found=1
      break
    fi
  done
  if [ -n "$found" ]; then
    printf '%s\t1\n' "$e"
  else
    printf '%s\t0\n' "$e"
  fi
}
