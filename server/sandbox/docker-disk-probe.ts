// What SizeRw misses, measured from the lab's grader (it sees every lab process's descriptors): bytes of
// deleted files still held open (their blocks stay taken until the last close) and the entries the learner
// added to the lab's root filesystem (an inode flood takes the host's inodes at zero bytes).
import type { ExecResult } from './sandbox-runtime.js';

/**
 * Prints `held=<bytes> entries=<n>`. Held: regular files on the lab root's device (tmpfs pages are bounded
 * elsewhere) open in a lab process but unlinked, once per device:inode; the grader's own processes (same
 * mount namespace as ours) are skipped. Entries: `find -xdev` over the lab's root minus our own root, once per
 * grader (it runs the lab's image), so only what the learner added counts.
 */
export const DISK_PROBE = String.raw`
dev=$(/usr/bin/stat -c %d "$LAB_ROOT/")
set -- /dev/null
for p in /proc/[0-9]*; do
  [ "$p/ns/mnt" -ef /proc/self/ns/mnt ] || set -- "$@" "$p/fd"
done
held=$(/usr/bin/find "$@" -mindepth 1 -maxdepth 1 -lname '* (deleted)' -print0 2>/dev/null |
  /usr/bin/xargs -0 -r /usr/bin/stat -L -c '%d:%i %s %F' 2>/dev/null |
  /usr/bin/awk -v d="$dev" 'index($1, d ":") == 1 && $3 == "regular" && !seen[$1]++ { b += $2 } END { printf "%d", b }')
lab=$(/usr/bin/find "$LAB_ROOT/" -xdev -printf . 2>/dev/null | /usr/bin/wc -c)
# The image's own count never changes for this grader: counted once, kept in its private /tmp.
own=$(/bin/cat /tmp/atelier-image-entries 2>/dev/null) ||
  { own=$(/usr/bin/find / -xdev -printf . 2>/dev/null | /usr/bin/wc -c) && echo "$own" >/tmp/atelier-image-entries; }
echo "held=$held entries=$((lab > own ? lab - own : 0))"
`;

export interface ProbedDisk {
  heldBytes: number;
  entries: number;
}

/** undefined when the probe did not finish (timed out, killed): the caller keeps SizeRw alone. */
export function parseDiskProbe(r: ExecResult): ProbedDisk | undefined {
  const m = /held=(\d+) entries=(\d+)/.exec(r.stdout);
  if (r.timedOut || !m) return undefined;
  return { heldBytes: Number(m[1]), entries: Number(m[2]) };
}
