<?php
// The PHP side of the differential test: PHP's own verdict on each input.
// Input: uint32-LE length-prefixed frames (stdin, or the file named by $argv[1]).
// Output (stdout, or the file named by $argv[2]): one frame per input, in order:
//   "A" . serialize(unserialize($x))   PHP accepted the input
//   "R" . offset                       PHP rejected it ("Error at offset N of M bytes")
//   "E" . message                      PHP threw
//   "I" . serialize(unserialize($x))   PHP accepted it but wrote bytes its own unserialize() rejects
// Classes the generator may name on purpose (every other name is unknown to PHP):
class WithSer {
    public $data = [];
    public function __serialize(): array { return $this->data; }
    public function __unserialize(array $d): void { $this->data = $d; }
}
ini_set('unserialize_max_depth', '4096');
error_reporting(E_ALL);
$offset = null;
set_error_handler(function ($no, $message) use (&$offset) {
    if ($offset === null && preg_match('/Error at offset (\d+) of \d+ bytes/', $message, $m)) $offset = $m[1];
    return true;
});
$in = isset($argv[1]) ? file_get_contents($argv[1]) : stream_get_contents(STDIN);
$out = isset($argv[2]) ? fopen($argv[2], 'wb') : STDOUT;
$buffer = '';
$pos = 0;
$length = strlen($in);
while ($pos + 4 <= $length) {
    $n = unpack('V', $in, $pos)[1];
    $x = substr($in, $pos + 4, $n);
    $pos += 4 + $n;
    $offset = null;
    try {
        if ($x === '') { $buffer .= pack('V', 12) . 'Eempty input'; continue; } // false, and no notice
        $v = unserialize($x);
        if ($offset !== null) $r = 'R' . $offset;
        else {
            $s = serialize($v);
            unserialize($s);
            $r = ($offset !== null ? 'I' : 'A') . $s;
        }
    } catch (Throwable $e) {
        $r = 'E' . get_class($e) . ': ' . $e->getMessage();
    }
    $buffer .= pack('V', strlen($r)) . $r;
    if (strlen($buffer) > 1 << 20) { fwrite($out, $buffer); $buffer = ''; }
}
fwrite($out, $buffer);
