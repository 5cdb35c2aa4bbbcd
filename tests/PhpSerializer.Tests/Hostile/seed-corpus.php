<?php
// Writes the seed corpus of the hostile-input tests and fuzz targets: real PHP serialize()
// output covering every token kind (scalars, float forms, binary strings, nested and
// referenced arrays, objects with public/protected/private names, r:/R:, C:, E:).
// Usage: php seed-corpus.php            -> uint32-LE length-prefixed frames on stdout
//        php seed-corpus.php DIR        -> one file per seed in DIR (seed-NNN.bin)
require __DIR__ . '/hostile-classes.php';

$seeds = [];
$add = function ($v) use (&$seeds) { $seeds[] = serialize($v); };

foreach ([null, true, false, 0, -1, 42, PHP_INT_MAX, PHP_INT_MIN, 0.0, -0.0, 0.1, 1.5, 1e25, 1e-5, 1e16, 1e17,
          5e-324, 1.7976931348623157E+308, INF, -INF, NAN, '', 'a', "bin\0\xff\xfe\"};", str_repeat('z', 300), 'é'] as $v) $add($v);
$add([]);
$add([1, 2, 3]);
$add(['a' => 1, 'b' => [true, null, 1.25], 5 => 'x', '05' => 'y', -3 => -3]);
$add([[[[['deep' => [[[1]]]]]]]]);
$add(array_fill(0, 40, 'fill'));
$add(range(-20, 20));
$o = new stdClass; $o->x = 1; $o->list = [1, 'two', 3.0]; $add($o);
$add([$o, $o, $o]);
$p = new HPub; $p->a = [$p]; $add($p);
$add(new HProt('prot', ['q' => 1]));
$add(new HPrivChild('c1', 'c2', ['f' => new HPub]));
$x = 'shared'; $arr = [&$x, &$x, 5, &$x]; $add($arr);
$r = [1, 2]; $arr2 = ['r' => &$r, 'again' => &$r, 'o' => $o, 'ro' => $o]; $add($arr2);
$add(new HOld([1, 2, ['k' => 'v']]));
$add([new HOld([1, 2]), $o, $o]);
$add([HSuit::Hearts, HSuit::Spades, HState::On, HSuit::Hearts]);
$add(['enum' => HState::Off, 'obj' => new HPub, 'float' => [0.30000000000000004, -2.5e-10, 123456789012345678.0]]);
$mixed = ['n' => null, 'b' => false, 'i' => PHP_INT_MIN, 's' => "\0*\0x", 'nested' => ['a' => ['b' => ['c' => $o]]]];
$mixed['self'] = &$mixed['nested']; $add($mixed);
$add(array_combine(range(100, 139), array_map(fn ($i) => str_repeat(chr(65 + $i % 26), $i % 7), range(0, 39))));

if (isset($argv[1])) {
    @mkdir($argv[1], 0777, true);
    foreach ($seeds as $i => $s) file_put_contents(sprintf('%s/seed-%03d.bin', $argv[1], $i), $s);
    fwrite(STDERR, count($seeds) . " seeds written to {$argv[1]}\n");
} else {
    foreach ($seeds as $s) fwrite(STDOUT, pack('V', strlen($s)) . $s);
}
