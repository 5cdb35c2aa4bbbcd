<?php
// PHP side of bench/compare.sh: times one workload with PHP's own functions and prints one
// JSON line {"item","ops","bytes","seconds","cpuSeconds"}. Usage:
//   php bench.php <item> <corpus-dir> <cpu-milliseconds> [ipc-key]
// Items: unserialize-mixed unserialize-strings serialize-mixed serialize-strings unserialize-field
//        unserialize-records serialize-records shm-get shm-get-int shm-put shm-get-field
//        shm-get-last shm-get-all-20k sem-pair msg-pair
declare(strict_types=1);
require __DIR__ . '/classes.php';

[$_, $item, $dir, $ms] = $argv + [null, null, null, null];
$key = (int)($argv[4] ?? 0);
if ($item === null || $dir === null || $ms === null) {
    fwrite(STDERR, "usage: bench.php <item> <corpus-dir> <milliseconds> [ipc-key]\n");
    exit(2);
}
$budgetNs = (int)$ms * 1_000_000;

/** @return list<string> the documents of a corpus file ([uint32 LE length][bytes] ...). */
function corpus(string $path): array
{
    $raw = file_get_contents($path);
    if ($raw === false) throw new RuntimeException("cannot read $path");
    $docs = [];
    for ($pos = 0, $n = strlen($raw); $pos < $n; $pos += 4 + $len) {
        $len = unpack('V', $raw, $pos)[1];
        $docs[] = substr($raw, $pos + 4, $len);
    }
    return $docs;
}

/** CPU seconds (user + system) this process has used so far. */
function cpuSeconds(): float
{
    $u = getrusage();
    return $u['ru_utime.tv_sec'] + $u['ru_stime.tv_sec'] + ($u['ru_utime.tv_usec'] + $u['ru_stime.tv_usec']) / 1e6;
}

/**
 * Runs $batch (which returns [ops, bytes]) once to warm up, then repeatedly until the process
 * has used $budgetNs of CPU time (so a busy machine stretches the run instead of shrinking the
 * sample; capped at 20x the budget in wall time); the clocks are read once per batch.
 * Returns [ops, bytes, wall seconds, cpu seconds].
 */
function timed(int $budgetNs, callable $batch): array
{
    $batch();
    $ops = 0; $bytes = 0;
    $budget = $budgetNs / 1e9;
    $start = hrtime(true);
    $cpu0 = cpuSeconds();
    do {
        [$o, $b] = $batch();
        $ops += $o; $bytes += $b;
        $cpu = cpuSeconds() - $cpu0;
        $wall = (hrtime(true) - $start) / 1e9;
    } while ($cpu < $budget && $wall < 20 * $budget);
    return [$ops, $bytes, $wall, $cpu];
}

function unserializeAll(array $docs): array
{
    $values = [];
    foreach ($docs as $d) {
        $v = unserialize($d);
        if ($v === false && $d !== 'b:0;') throw new RuntimeException('corpus document does not unserialize');
        $values[] = $v;
    }
    return $values;
}

/** The key of each value's "one field": the first key of an array, null for anything else (read whole). */
function fieldKeys(array $values): array
{
    return array_map(fn($v) => is_array($v) && $v !== [] ? array_key_first($v) : null, $values);
}

/** A segment of 20,000 small arrays (var key = index), as the C# side fills its own. */
function largeSegment(int $key)
{
    $shm = shm_attach($key, 4 << 20, 0600);
    for ($i = 0; $i < 20000; $i++) shm_put_var($shm, $i, ['id' => $i, 'name' => "user$i", 'score' => $i * 0.25]);
    return $shm;
}

$result = match ($item) {
    'unserialize-field' => (function () use ($dir, $budgetNs) {
        $docs = corpus("$dir/mixed.bin");
        $keys = fieldKeys(unserializeAll($docs));
        $total = array_sum(array_map('strlen', $docs));
        return timed($budgetNs, function () use ($docs, $keys, $total) {
            foreach ($docs as $i => $d) {
                $k = $keys[$i];
                $x = $k === null ? unserialize($d) : unserialize($d)[$k];
            }
            return [count($docs), $total];
        });
    })(),
    'shm-get-field' => (function () use ($dir, $budgetNs, $key) {
        $values = unserializeAll(corpus("$dir/shm.bin"));
        $keys = fieldKeys($values);
        $shm = shm_attach($key, 65536, 0600);
        try {
            foreach ($values as $i => $v) shm_put_var($shm, $i, $v);
            $n = count($values);
            return timed($budgetNs, function () use ($shm, $keys, $n) {
                for ($r = 0; $r < 20; $r++) {
                    for ($i = 0; $i < $n; $i++) {
                        $k = $keys[$i];
                        $x = $k === null ? shm_get_var($shm, $i) : shm_get_var($shm, $i)[$k];
                    }
                }
                return [20 * $n, 0];
            });
        } finally {
            shm_remove($shm);
        }
    })(),
    'shm-get-last', 'shm-get-all-20k' => (function () use ($item, $budgetNs, $key) {
        $shm = largeSegment($key);
        try {
            return $item === 'shm-get-last'
                ? timed($budgetNs, function () use ($shm) {
                    for ($r = 0; $r < 20; $r++) $x = shm_get_var($shm, 19999);
                    return [20, 0];
                })
                : timed($budgetNs, function () use ($shm) {
                    for ($i = 0; $i < 20000; $i++) $x = shm_get_var($shm, $i);
                    return [1, 0];
                });
        } finally {
            shm_remove($shm);
        }
    })(),
    'unserialize-mixed', 'unserialize-strings', 'unserialize-records' => (function () use ($item, $dir, $budgetNs) {
        $docs = corpus("$dir/" . substr($item, strlen('unserialize-')) . '.bin');
        $total = array_sum(array_map('strlen', $docs));
        return timed($budgetNs, function () use ($docs, $total) {
            foreach ($docs as $d) unserialize($d);
            return [count($docs), $total];
        });
    })(),
    'serialize-mixed', 'serialize-strings', 'serialize-records' => (function () use ($item, $dir, $budgetNs) {
        $docs = corpus("$dir/" . substr($item, strlen('serialize-')) . '.bin');
        $values = unserializeAll($docs);
        foreach ($values as $i => $v) {
            if (serialize($v) !== $docs[$i]) throw new RuntimeException("document $i does not round-trip");
        }
        return timed($budgetNs, function () use ($values) {
            $bytes = 0;
            foreach ($values as $v) $bytes += strlen(serialize($v));
            return [count($values), $bytes];
        });
    })(),
    'shm-get', 'shm-get-int', 'shm-put' => (function () use ($item, $dir, $budgetNs, $key) {
        $docs = corpus("$dir/shm.bin");
        $values = unserializeAll($docs);
        $shm = shm_attach($key, 65536, 0600);
        try {
            foreach ($values as $i => $v) shm_put_var($shm, $i, $v);
            $n = count($values);
            return match ($item) {
                'shm-get' => timed($budgetNs, function () use ($shm, $n) {
                    for ($r = 0; $r < 20; $r++) for ($i = 0; $i < $n; $i++) shm_get_var($shm, $i);
                    return [20 * $n, 0];
                }),
                'shm-get-int' => timed($budgetNs, function () use ($shm) {
                    for ($r = 0; $r < 1000; $r++) shm_get_var($shm, 0); // var 0 is an int
                    return [1000, 0];
                }),
                default => timed($budgetNs, function () use ($shm, $values, $n) {
                    for ($r = 0; $r < 20; $r++) for ($i = 0; $i < $n; $i++) shm_put_var($shm, $i, $values[$i]);
                    return [20 * $n, 0];
                }),
            };
        } finally {
            shm_remove($shm);
        }
    })(),
    'sem-pair' => (function () use ($budgetNs, $key) {
        $sem = sem_get($key, 1, 0600, true);
        try {
            return timed($budgetNs, function () use ($sem) {
                for ($r = 0; $r < 1000; $r++) { sem_acquire($sem); sem_release($sem); }
                return [1000, 0];
            });
        } finally {
            sem_remove($sem);
        }
    })(),
    'msg-pair' => (function () use ($dir, $budgetNs, $key) {
        $values = unserializeAll(corpus("$dir/msg.bin"));
        $n = count($values);
        $q = msg_get_queue($key, 0600);
        try {
            return timed($budgetNs, function () use ($q, $values, $n) {
                for ($r = 0; $r < 10; $r++) {
                    for ($i = 0; $i < $n; $i++) {
                        if (!msg_send($q, 1, $values[$i])) throw new RuntimeException('msg_send failed');
                        if (!msg_receive($q, 0, $type, 65536, $msg)) throw new RuntimeException('msg_receive failed');
                    }
                }
                return [10 * $n, 0];
            });
        } finally {
            msg_remove_queue($q);
        }
    })(),
    default => throw new InvalidArgumentException("unknown item $item"),
};

[$ops, $bytes, $wall, $cpu] = $result;
echo json_encode(['item' => $item, 'ops' => $ops, 'bytes' => $bytes, 'seconds' => $wall, 'cpuSeconds' => $cpu]), "\n";
