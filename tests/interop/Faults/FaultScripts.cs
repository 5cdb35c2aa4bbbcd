namespace PhpShmCompat.InteropTests.Faults;

/// <summary>PHP sides of the fault tests (run with <c>ChildProcess.Php</c> or as nobody).</summary>
internal static class FaultScripts
{
    /// <summary>
    /// argv: semKey shmKey. Locked read-increment-write of variable 1 (an int) forever, also
    /// rewriting variable 2 with a string whose length follows the counter (so chunks move and
    /// the segment is compacted on every put). Prints "ready" first.
    /// </summary>
    public const string LockedCounterLoop = """
        [$semKey, $shmKey] = [(int)$argv[1], (int)$argv[2]];
        $sem = sem_get($semKey, 1, 0600);
        $shm = shm_attach($shmKey, 10000, 0600);
        echo "ready\n";
        for (;;) {
            sem_acquire($sem);
            $v = shm_has_var($shm, 1) ? shm_get_var($shm, 1) : 0;
            usleep(300);
            shm_put_var($shm, 1, $v + 1);
            shm_put_var($shm, 2, str_repeat('x', $v % 97));
            sem_release($sem);
        }
        """;

    /// <summary>argv: semKey shmKey. Acquires the lock, writes variable 7 completely, prints "held" and sleeps holding it.</summary>
    public const string HoldAfterPut = """
        [$semKey, $shmKey] = [(int)$argv[1], (int)$argv[2]];
        $sem = sem_get($semKey, 1, 0600);
        $shm = shm_attach($shmKey, 10000, 0600);
        sem_acquire($sem);
        shm_put_var($shm, 7, ['written' => 'completely', 'n' => 7]);
        echo "held\n";
        sleep(60);
        """;

    /// <summary>argv: shmKey. Prints every variable 1..9 as key=serialize(value), or "attach failed: ...".</summary>
    public const string DumpVariables = """
        $shmKey = (int)$argv[1];
        set_error_handler(function ($no, $str) { echo "warning: $str\n"; return true; });
        $shm = shm_attach($shmKey);
        if ($shm === false) { echo "attach failed\n"; exit(0); }
        for ($k = 1; $k <= 9; $k++) if (shm_has_var($shm, $k)) echo $k, '=', serialize(shm_get_var($shm, $k)), "\n";
        """;
}
