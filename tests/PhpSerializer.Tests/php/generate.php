<?php
// Usage: php generate.php SEED COUNT
// Writes COUNT seeded random values as serialize() output, each as a uint32-LE length-prefixed frame.
require __DIR__ . '/classes.php';
error_reporting(E_ALL & ~E_DEPRECATED);
mt_srand((int)$argv[1]);
$count = (int)$argv[2];

function rnd_float(): float {
    static $edge = [0.0, -0.0, 0.1, -0.1, 1.0, 1e25, 1e-5, 1e16, 1e17, 1e-4, 5e-324, 2.2250738585072014E-308,
        1.7976931348623157E+308, 123456789012345678.0, 0.30000000000000004, 100.0, 1.5, -2.5e-10, 3.0e300, 9007199254740993.0];
    switch (mt_rand(0, 5)) {
        case 0: return $edge[mt_rand(0, count($edge) - 1)];
        case 1: return [INF, -INF, NAN][mt_rand(0, 2)];
        case 2: // random bit pattern (finite or not)
            $bytes = ''; for ($i = 0; $i < 8; $i++) $bytes .= chr(mt_rand(0, 255));
            return unpack('e', $bytes)[1];
        case 3: return mt_rand(-1000000, 1000000) / [1, 10, 100, 1000, 7][mt_rand(0, 4)];
        case 4: return mt_rand() * pow(10, mt_rand(-30, 30));
        default: return (float)mt_rand(-100, 100);
    }
}
function rnd_int(): int {
    switch (mt_rand(0, 4)) {
        case 0: return [0, -1, 1, PHP_INT_MAX, PHP_INT_MIN, 255, -256][mt_rand(0, 6)];
        case 1: return mt_rand(-10, 10);
        case 2: return (mt_rand() << 32) ^ mt_rand() ^ (mt_rand(0, 1) ? PHP_INT_MIN : 0);
        default: return mt_rand(-1000000, 1000000);
    }
}
function rnd_string(): string {
    switch (mt_rand(0, 5)) {
        case 0: return '';
        case 1: $s = ''; $n = mt_rand(1, 24); for ($i = 0; $i < $n; $i++) $s .= chr(mt_rand(0, 255)); return $s; // binary, NUL, non-UTF-8
        case 2: return ['5', '05', '-3', '-0', '9223372036854775808', '1e3', ' 1', '0', 'a"b;c}', "\0*\0x", 'é', "\xff\xfe"][mt_rand(0, 11)];
        case 3: return str_repeat(chr(mt_rand(97, 122)), mt_rand(1, 300));
        default: $s = ''; $n = mt_rand(1, 12); for ($i = 0; $i < $n; $i++) $s .= chr(mt_rand(32, 126)); return $s;
    }
}
function rnd_key() {
    return mt_rand(0, 2) ? (mt_rand(0, 3) ? mt_rand(-5, 40) : rnd_int()) : rnd_string();
}
function rnd_scalar() {
    switch (mt_rand(0, 5)) {
        case 0: return null;
        case 1: return (bool)mt_rand(0, 1);
        case 2: return rnd_int();
        case 3: return rnd_float();
        default: return rnd_string();
    }
}
function rnd_value(int $depth, array &$pool) {
    $r = mt_rand(0, 99);
    if ($depth <= 0 || $r < 35) return rnd_scalar();
    if ($r < 42 && $pool) return $pool[mt_rand(0, count($pool) - 1)];           // repeated object
    if ($r < 46) return [Suit::Hearts, Suit::Spades, Suit::Clubs, Status::Active, Status::Inactive][mt_rand(0, 4)];
    if ($r < 70) {
        $a = []; $n = mt_rand(0, 6);
        for ($i = 0; $i < $n; $i++) {
            if (mt_rand(0, 1)) { $x = rnd_value($depth - 1, $pool); try { $a[] = $x; } catch (Error $e) {} } else $a[rnd_key()] = rnd_value($depth - 1, $pool);
        }
        if (count($a) >= 2 && mt_rand(0, 3) == 0) {                                  // PHP references (&)
            $keys = array_keys($a); $k1 = $keys[mt_rand(0, count($keys) - 1)]; $k2 = $keys[mt_rand(0, count($keys) - 1)];
            if ($k1 !== $k2) $a[$k2] = &$a[$k1];
        }
        return $a;
    }
    switch (mt_rand(0, 7)) {
        case 0: $o = new stdClass; $n = mt_rand(0, 4); for ($i = 0; $i < $n; $i++) $o->{['x', 'y', '5', 'long_name', 'é', 'a b'][mt_rand(0, 5)] . (mt_rand(0, 1) ? '' : mt_rand(0, 9))} = rnd_value($depth - 1, $pool); break;
        case 1: $o = new PubThing; $o->a = rnd_value($depth - 1, $pool); break;
        case 2: $o = new ProtThing(rnd_value($depth - 1, $pool), rnd_scalar()); break;
        case 3: $o = new PrivBase(rnd_scalar(), rnd_value($depth - 1, $pool), rnd_scalar()); break;
        case 4: $o = new PrivChild(rnd_scalar(), rnd_value($depth - 1, $pool), rnd_scalar()); break;
        case 5: $o = new WithSer; $d = []; $n = mt_rand(0, 4);
            for ($i = 0; $i < $n; $i++) $d[rnd_key()] = rnd_value($depth - 1, $pool);
            $o->data = $d; break;
        case 6: $o = new OldStyle(mt_rand(0, 1) ? rnd_scalar() : [rnd_scalar(), rnd_scalar(), [rnd_key() => rnd_scalar()]]); break;
        default: $o = new PrivChild(rnd_scalar(), rnd_scalar(), null); $o->f = $o; break; // cycle through a property
    }
    $pool[] = $o;
    return $o;
}

$out = fopen('php://stdout', 'wb');
for ($i = 0; $i < $count; $i++) {
    $pool = [];
    $v = rnd_value(mt_rand(0, 5), $pool);
    if (mt_rand(0, 9) == 0) { $x = rnd_value(2, $pool); $v = [&$x, $v, &$x]; } // reference at top level
    write_frame($out, serialize($v));
}
