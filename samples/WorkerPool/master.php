<?php
// The classic worker-pool master, unchanged by the move to .NET: it queues the tasks (type 1),
// one 'STOP' per worker, waits for every worker's goodbye (type 2), then reads the results the
// workers stored in shared memory under the semaphore, checks them and removes the objects.
//
//   php master.php TASKS WORKERS
//
// Workers find the queue, the segment and the semaphore through ftok() of this file.
[$tasks, $workers] = [(int)($argv[1] ?? 100), (int)($argv[2] ?? 4)];

$queue = msg_get_queue(ftok(__FILE__, 'q'), 0600);
$shm = shm_attach(ftok(__FILE__, 's'), 4 * 1024 * 1024, 0600);
$sem = sem_get(ftok(__FILE__, 'm'), 1, 0600);

sem_acquire($sem);
shm_put_var($shm, 1, []);
sem_release($sem);
echo "ready\n";

for ($i = 1; $i <= $tasks; $i++) {
    msg_send($queue, 1, ['id' => $i, 'n' => $i]);
}
for ($w = 0; $w < $workers; $w++) {
    msg_send($queue, 1, 'STOP');
}

$goodbyes = [];
for ($w = 0; $w < $workers; $w++) {
    msg_receive($queue, 2, $type, 1024, $who, true);
    $goodbyes[] = $who;
}

sem_acquire($sem);
$results = shm_get_var($shm, 1);
sem_release($sem);

$seen = [];
$wrong = 0;
$byWorker = [];
foreach ($results as [$id, $value, $worker]) {
    $seen[$id] = ($seen[$id] ?? 0) + 1;
    if ($value !== $id * $id) $wrong++;
    $byWorker[$worker] = ($byWorker[$worker] ?? 0) + 1;
}
$missing = 0;
$duplicates = 0;
for ($i = 1; $i <= $tasks; $i++) {
    if (!isset($seen[$i])) $missing++;
    elseif ($seen[$i] > 1) $duplicates += $seen[$i] - 1;
}
ksort($byWorker);
sort($goodbyes);
echo json_encode(['tasks' => $tasks, 'results' => count($results), 'missing' => $missing,
    'duplicates' => $duplicates, 'wrong' => $wrong, 'byWorker' => $byWorker, 'goodbyes' => $goodbyes]), "\n";

msg_remove_queue($queue);
shm_remove($shm);
sem_remove($sem);
