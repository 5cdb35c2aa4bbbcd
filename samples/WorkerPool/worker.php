<?php
// A classic PHP worker: takes tasks until 'STOP', stores each result in shared memory with a
// read-modify-write under the semaphore, then says goodbye to the master.
//
//   php worker.php PATH/TO/master.php NAME
[$master, $name] = [$argv[1], $argv[2] ?? 'php-' . getmypid()];

$queue = msg_get_queue(ftok($master, 'q'), 0600);
$shm = shm_attach(ftok($master, 's'), 4 * 1024 * 1024, 0600);
$sem = sem_get(ftok($master, 'm'), 1, 0600);

while (msg_receive($queue, 1, $type, 1024, $task, true)) {
    if ($task === 'STOP') break;
    $value = $task['n'] * $task['n'];
    sem_acquire($sem);
    $results = shm_get_var($shm, 1);
    $results[] = [$task['id'], $value, $name];
    shm_put_var($shm, 1, $results);
    sem_release($sem);
}
msg_send($queue, 2, $name);
