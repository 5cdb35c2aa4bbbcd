<?php
// Regenerates fuzz/corpus/{unserialize,segment,message} from real PHP:
//   unserialize: the hostile tests' seed corpus (serialize() output of every token kind);
//   segment:     sysvshm segment images written by shm_put_var and read back with shmop;
//   message:     struct msgbuf images (8-byte native mtype + serialize() payload).
// Usage: php fuzz/make-corpus.php   (needs the sysvshm and shmop extensions)
require __DIR__ . '/../tests/PhpSerializer.Tests/Hostile/hostile-classes.php';
$root = __DIR__ . '/corpus';
foreach (['unserialize', 'segment', 'message'] as $d) { @mkdir("$root/$d", 0777, true); array_map('unlink', glob("$root/$d/*")); }

// unserialize: reuse the seed corpus script (frames on stdout), keep inputs small for the engine.
$frames = shell_exec(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg(__DIR__ . '/../tests/PhpSerializer.Tests/Hostile/seed-corpus.php'));
$seeds = [];
for ($p = 0; $p < strlen($frames);) { $n = unpack('V', substr($frames, $p, 4))[1]; $seeds[] = substr($frames, $p + 4, $n); $p += 4 + $n; }
$seeds = array_values(array_filter($seeds, fn ($s) => strlen($s) <= 512));
foreach ($seeds as $i => $s) file_put_contents(sprintf('%s/unserialize/%03d.bin', $root, $i), $s);

// segment: a few real layouts (empty, one var, several, after update and remove: stale bytes kept).
$layouts = [
    [],
    [[1, 42]],
    [[1, 'hello'], [2, [1, 2, 3]], [3, null]],
    [[7, ['k' => 'v', 'n' => 1.5]], [-1, true], [PHP_INT_MAX, 'max key']],
    [[1, 'first'], [2, 'second'], ['update', 1, 'first, longer now'], ['remove', 2]],
    [[5, new HPub], [6, HSuit::Hearts], [7, new HOld([1])]],
];
foreach ($layouts as $i => $ops) {
    $key = 0x5A7E0000 + $i;
    $size = 256 + 128 * $i;
    $shm = shm_attach($key, $size, 0600);
    foreach ($ops as $op) {
        if ($op[0] === 'remove') shm_remove_var($shm, $op[1]);
        elseif ($op[0] === 'update') shm_put_var($shm, $op[1], $op[2]);
        else shm_put_var($shm, $op[0], $op[1]);
    }
    $raw = shmop_open($key, 'a', 0, 0);
    file_put_contents(sprintf('%s/segment/%03d.bin', $root, $i), shmop_read($raw, 0, shmop_size($raw)));
    shm_remove($shm);
}

// message: mtype (native int64) + serialize() payload, as msgrcv fills the buffer.
foreach (array_slice($seeds, 0, 24) as $i => $s) file_put_contents(sprintf('%s/message/%03d.bin', $root, $i), pack('q', $i + 1) . $s);
file_put_contents("$root/message/raw-text.bin", pack('q', 9) . 'not serialized 1.500000');

fprintf(STDERR, "corpus: %d unserialize, %d segment, %d message inputs in %s\n",
    count(glob("$root/unserialize/*")), count(glob("$root/segment/*")), count(glob("$root/message/*")), $root);
