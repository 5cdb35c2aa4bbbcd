<?php
// Reads uint32-LE length-prefixed frames of serialize() output from stdin. For each, writes one
// frame: "1" + serialize(unserialize(frame)) on success, or "0" when unserialize() fails.
require __DIR__ . '/classes.php';
error_reporting(E_ALL & ~E_DEPRECATED & ~E_WARNING & ~E_NOTICE);
$out = fopen('php://stdout', 'wb');
foreach (read_frames(fopen('php://stdin', 'rb')) as $s) {
    $v = unserialize($s);
    if ($v === false && $s !== 'b:0;') write_frame($out, '0');
    else write_frame($out, '1' . serialize($v));
}
