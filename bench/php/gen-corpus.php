<?php
// Seeded corpus generator: writes the benchmark corpora ONCE; the PHP and the C# side then
// read the very same bytes. Usage: php gen-corpus.php <out-dir> [seed]
// File format (*.bin): repeated [uint32 little-endian length][that many bytes of serialize() output].
declare(strict_types=1);
require __DIR__ . '/classes.php';

$out = $argv[1] ?? throw new RuntimeException('usage: gen-corpus.php <out-dir> [seed]');
$seed = (int)($argv[2] ?? 20261125);
if (!is_dir($out) && !mkdir($out, 0777, true)) throw new RuntimeException("cannot create $out");
$rng = new Random\Randomizer(new Random\Engine\Mt19937($seed));

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'order', 'user', 'price', 'id', 'name', 'status',
    'created', 'updated', 'tags', 'items', 'qty', 'sku', 'total', 'currency', 'EUR', 'note', 'paid',
    'Zürich', 'naïve', 'café', '東京', 'ok', 'error', 'shipping', 'billing', 'city', 'zip', 'phone'];

function word(Random\Randomizer $r): string { return WORDS[$r->getInt(0, count(WORDS) - 1)]; }
function text(Random\Randomizer $r, int $min, int $max): string
{
    $n = $r->getInt($min, $max);
    $s = '';
    while (strlen($s) < $n) $s .= word($r) . ' ';
    return substr($s, 0, $n);
}
function num(Random\Randomizer $r): float
{
    // Half "prices" (2 decimals), half full-precision doubles: both are common, and the
    // shortest-round-trip formatting cost differs a lot between them.
    return $r->getInt(0, 1) === 0
        ? round($r->getInt(0, 10_000_000) / 100, 2)
        : $r->getInt(-1_000_000_000, 1_000_000_000) / 7919.0;
}
function scalar(Random\Randomizer $r): mixed
{
    return match ($r->getInt(0, 7)) {
        0, 1 => $r->getInt(-100_000, 100_000),
        2 => $r->getInt(PHP_INT_MIN, PHP_INT_MAX),
        3 => num($r),
        4, 5 => text($r, 0, 24),
        6 => (bool)$r->getInt(0, 1),
        default => null,
    };
}
function mixedValue(Random\Randomizer $r, int $depth): mixed
{
    if ($depth <= 0) return scalar($r);
    switch ($r->getInt(0, 9)) {
        case 0: case 1: case 2: // list
            $a = [];
            for ($i = $r->getInt(0, 6); $i > 0; $i--) $a[] = mixedValue($r, $depth - 1);
            return $a;
        case 3: case 4: // map with string keys (and the odd int key)
            $a = [];
            for ($i = $r->getInt(1, 6); $i > 0; $i--) {
                $k = $r->getInt(0, 5) === 0 ? $r->getInt(0, 1000) : word($r) . $r->getInt(0, 99);
                $a[$k] = mixedValue($r, $depth - 1);
            }
            return $a;
        case 5: // stdClass
            $o = new stdClass();
            for ($i = $r->getInt(1, 4); $i > 0; $i--) $o->{word($r)} = mixedValue($r, $depth - 1);
            return $o;
        case 6: // declared class, public/protected/private properties
            $lines = [];
            for ($i = $r->getInt(0, 3); $i > 0; $i--) $lines[] = ['sku' => 'SKU-' . $r->getInt(1000, 9999), 'qty' => $r->getInt(1, 9), 'price' => num($r)];
            return new BenchOrder($r->getInt(1, 1_000_000), word($r), num($r), $lines);
        default:
            return scalar($r);
    }
}
function userRecord(Random\Randomizer $r, int $id): UserRecord
{
    $u = new UserRecord();
    $u->id = $id;
    $u->name = ucfirst(word($r)) . ' ' . ucfirst(word($r));
    $u->email = word($r) . $r->getInt(1, 9999) . '@example.com';
    $u->balance = num($r);
    $u->active = (bool)$r->getInt(0, 1);
    $u->nickname = $r->getInt(0, 2) === 0 ? null : word($r);
    for ($i = $r->getInt(0, 5); $i > 0; $i--) $u->tags[] = word($r);
    $u->createdAt = $r->getInt(1_500_000_000, 1_800_000_000);
    return $u;
}
function writeCorpus(string $path, array $values): array
{
    $f = fopen($path, 'wb');
    $bytes = 0;
    foreach ($values as $v) {
        $s = serialize($v);
        fwrite($f, pack('V', strlen($s)) . $s);
        $bytes += strlen($s);
    }
    fclose($f);
    return ['documents' => count($values), 'bytes' => $bytes];
}

$manifest = ['seed' => $seed, 'php' => PHP_VERSION];

// (a) mixed: 4000 small documents.
$docs = [];
for ($i = 0; $i < 4000; $i++) $docs[] = mixedValue($rng, $rng->getInt(1, 4));
$manifest['mixed'] = writeCorpus("$out/mixed.bin", $docs);

// (b) string-heavy: large strings and long lists of strings.
$docs = [];
for ($i = 0; $i < 48; $i++) {
    if ($i % 3 === 0) {
        $docs[] = str_repeat(text($rng, 1000, 1000), $rng->getInt(16, 128)); // 16..128 KB string
    } elseif ($i % 3 === 1) {
        $list = [];
        for ($j = $rng->getInt(500, 2000); $j > 0; $j--) $list[] = text($rng, 8, 120);
        $docs[] = $list;
    } else {
        $doc = ['title' => text($rng, 20, 80), 'body' => text($rng, 2000, 20000), 'paragraphs' => []];
        for ($j = $rng->getInt(20, 100); $j > 0; $j--) $doc['paragraphs'][] = text($rng, 200, 1500);
        $docs[] = $doc;
    }
}
$manifest['strings'] = writeCorpus("$out/strings.bin", $docs);

// (c) typed records: 3000 UserRecord objects.
$docs = [];
for ($i = 0; $i < 3000; $i++) $docs[] = userRecord($rng, $i + 1);
$manifest['records'] = writeCorpus("$out/records.bin", $docs);

// (d) the 50 sysvshm variables (var key = index): ints, strings, floats, small arrays, objects.
$docs = [];
for ($i = 0; $i < 50; $i++) {
    $docs[] = match ($i % 5) {
        0 => $rng->getInt(-1_000_000, 1_000_000),
        1 => text($rng, 5, 60),
        2 => num($rng),
        3 => mixedValue($rng, 2),
        default => userRecord($rng, 100_000 + $i),
    };
}
$manifest['shm'] = writeCorpus("$out/shm.bin", $docs);

// (e) 32 message payloads (typical job/event messages).
$docs = [];
for ($i = 0; $i < 32; $i++) {
    $docs[] = ['job' => word($rng), 'id' => $rng->getInt(1, PHP_INT_MAX), 'at' => num($rng),
        'payload' => mixedValue($rng, 2), 'user' => userRecord($rng, $i)];
}
$manifest['msg'] = writeCorpus("$out/msg.bin", $docs);

file_put_contents("$out/manifest.json", json_encode($manifest, JSON_PRETTY_PRINT) . "\n");
echo json_encode($manifest), "\n";
