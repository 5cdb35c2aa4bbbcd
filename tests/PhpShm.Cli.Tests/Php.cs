using System.Globalization;
using PhpShmCompat.TestSupport;

namespace PhpShm.Cli.Tests;

/// <summary>Small PHP helpers: the real php binary is the oracle and the creator of every IPC object.</summary>
public static class Php
{
    public static string Hex(int key) => "0x" + key.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>Runs PHP code and requires exit 0; returns stdout bytes.</summary>
    public static byte[] Run(string code, byte[]? stdin = null) => PhpRunner.RunCode(code, stdin).EnsureSuccess().Stdout;

    public static string RunText(string code, byte[]? stdin = null) => PhpRunner.RunCode(code, stdin).EnsureSuccess().StdoutText;

    /// <summary>The whole segment image as PHP's shmop sees it (to prove a command changed nothing).</summary>
    public static byte[] Image(int key) => Run($"$s = shmop_open({key}, 'a', 0, 0); echo shmop_read($s, 0, 0);");

    /// <summary>PHP's own serialize() of shm_get_var(KEY, VAR).</summary>
    public static byte[] SerializedVar(int key, long var) => Run($"echo serialize(shm_get_var(shm_attach({key}), {var}));");

    /// <summary>var_dump(unserialize(bytes)) in a fresh PHP process (object handles start at #1).</summary>
    public static byte[] VarDump(byte[] serialized) => Run("var_dump(unserialize(file_get_contents('php://stdin')));", serialized);
}
