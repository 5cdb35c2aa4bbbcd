<?php
// The reference implementation for run.sh: reads serialize() bytes on stdin; prints
// serialize(unserialize(input)) and exits 0, or prints the error offset and exits 1.
$offset = null;
set_error_handler(function ($no, $message) use (&$offset) {
    if ($offset === null && preg_match('/Error at offset (\d+) of \d+ bytes/', $message, $m)) $offset = $m[1];
    return true;
});
$value = unserialize(stream_get_contents(STDIN));
if ($offset !== null) { echo $offset, "\n"; exit(1); }
echo serialize($value);
