using PhpShmCompat.TestSupport;

namespace PhpSerializer.Tests.Differential;

/// <summary>
/// PHP's own classes with <c>__unserialize()</c> are always declared in PHP, so their data keeps
/// int keys: what PHP serialized reads and writes back byte for byte, and a name in another
/// letter case gets PHP's declared spelling. PHP writes each object here and is asked again every run.
/// </summary>
public class BuiltInClassTests
{
    private const string Objects = """
        $date = new DateTimeImmutable('2026-12-01 12:00:00.5', new DateTimeZone('Europe/Paris'));
        $storage = new SplObjectStorage(); $storage[new stdClass()] = 'data';
        $queue = new SplQueue(); $queue->enqueue(1); $queue->enqueue('two');
        $stack = new SplStack(); $stack->push([3]);
        $fixed = new SplFixedArray(2); $fixed[0] = 'x';
        $values = [
          new ArrayObject([1, 'a' => true, 7 => null]), new ArrayIterator(['k' => [1, 2]]), new RecursiveArrayIterator([[1]]),
          $storage, $queue, $stack, new SplDoublyLinkedList(), $fixed,
          new DateTime('2020-02-29 23:59:59', new DateTimeZone('UTC')), $date, new DateTimeZone('America/New_York'),
          new DateInterval('P1Y2M3DT4H5M6S'), new DatePeriod($date, new DateInterval('P1D'), 3),
          new Random\Randomizer(new Random\Engine\Mt19937(42)), new Random\Engine\Xoshiro256StarStar(7), new Random\Engine\PcgOneseq128XslRr64(9),
          ['nested' => new ArrayObject(new ArrayObject([5]))],
        ];
        foreach ($values as $v) echo bin2hex(serialize($v)), "\n";
        """;

    [Fact]
    public void EveryObjectPhpWritesReadsBackAndSerializesToTheSameBytes()
    {
        string[] lines = PhpRunner.RunCode(Objects).EnsureSuccess().StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(17, lines.Length);
        foreach (string line in lines)
        {
            byte[] php = Convert.FromHexString(line);
            PhpValue value = PhpSerialization.Unserialize(php);
            Assert.Equal(System.Text.Encoding.Latin1.GetString(php), System.Text.Encoding.Latin1.GetString(PhpSerialization.Serialize(value)));
            using PhpDocument document = PhpDocument.Parse(php);
            Assert.Equal(php, PhpSerialization.Serialize(document.RootElement.ToValue()));
        }
    }

    [Theory]
    [InlineData("O:11:\"arrayobject\":4:{i:0;i:0;i:1;a:1:{i:0;i:5;}i:2;a:0:{}i:3;N;}")]
    [InlineData("O:16:\"splobjectstorage\":2:{i:0;a:0:{}i:1;a:0:{}}")]
    [InlineData("O:8:\"SPLSTACK\":3:{i:0;i:6;i:1;a:0:{}i:2;a:0:{}}")]
    public void ABuiltInClassNameInAnotherCaseGetsPhpsSpelling(string input)
    {
        string expected = PhpRunner.RunCode($"echo serialize(unserialize('{input}'));").EnsureSuccess().StdoutText;

        Assert.Equal(expected, System.Text.Encoding.Latin1.GetString(PhpSerialization.Serialize(PhpSerialization.Unserialize(System.Text.Encoding.Latin1.GetBytes(input)))));
    }
}
