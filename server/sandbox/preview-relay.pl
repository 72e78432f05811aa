# Atelier's preview relay: runs in a lab's grader (the image's perl, in the lab's network namespace) and
# carries TCP connections to the lab's machines over its stdin/stdout, so the platform needs no route to
# the lab. Frames: type (1 byte) id (u32) length (u32) payload. In: O open "host port", D data, C close.
# Out: K connected, E error "message", D data, C closed by the machine.
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;
binmode STDIN;
binmode STDOUT;
my $sel = IO::Select->new(\*STDIN);
my (%sock, %idof);
my $buf = '';

sub out {
  my ($type, $id, $data) = @_;
  $data = '' unless defined $data;
  my $frame = pack('aNN', $type, $id, length $data) . $data;
  my $off = 0;
  while ($off < length $frame) {
    my $n = syswrite(STDOUT, $frame, length($frame) - $off, $off);
    exit 0 unless defined $n;
    $off += $n;
  }
}

sub drop {
  my ($id) = @_;
  my $c = delete $sock{$id} or return;
  $sel->remove($c);
  delete $idof{fileno $c};
  close $c;
}

while (1) {
  for my $fh ($sel->can_read) {
    if (fileno($fh) == 0) {
      my $n = sysread(STDIN, $buf, 65536, length $buf);
      exit 0 unless $n;
      while (length $buf >= 9) {
        my ($type, $id, $len) = unpack('aNN', $buf);
        last if length $buf < 9 + $len;
        my $data = substr($buf, 9, $len);
        substr($buf, 0, 9 + $len) = '';
        if ($type eq 'O') {
          my ($host, $port) = split / /, $data;
          my $c = IO::Socket::INET->new(PeerAddr => $host, PeerPort => $port, Proto => 'tcp', Timeout => 3);
          if ($c) { $sock{$id} = $c; $idof{fileno $c} = $id; $sel->add($c); out('K', $id); }
          else { out('E', $id, "$!"); }
        } elsif ($type eq 'D') {
          my $c = $sock{$id} or next;
          my $off = 0;
          while ($off < length $data) {
            my $w = syswrite($c, $data, length($data) - $off, $off);
            last unless defined $w;
            $off += $w;
          }
        } elsif ($type eq 'C') {
          drop($id);
        }
      }
    } else {
      my $id = $idof{fileno $fh};
      my $data = '';
      my $n = sysread($fh, $data, 65536);
      if ($n) { out('D', $id, $data); }
      else { out('C', $id); drop($id); }
    }
  }
}
