using PhpShmCompat.TestSupport.Differential;
using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// Every error of the general reader: its exact reason and the offset, which PHP's
/// <c>unserialize()</c> must report for the same bytes ("Error at offset N").
/// </summary>
public class ReaderErrorTests
{
    // input -> offset and reason; the offsets are checked against PHP below
    public static TheoryData<string, int, string> Errors() => new()
    {
        // containers
        { "a:1:{i:0;N;", 11, "Unexpected end of data: expected '}'" },
        { "a:1:{i:0;N;X", 11, "Expected '}' after the last element, found 'X'" },
        { "a:1:{i:0;N;~", 11, "Expected '}' after the last element, found '~'" },
        { "a:1:{i:0;N; ", 11, "Expected '}' after the last element, found ' '" },
        { "a:1:{i:0;N;\u001f", 11, "Expected '}' after the last element, found '\\x1f'" },
        { "a:1:{i:0;N;\u007f", 11, "Expected '}' after the last element, found '\\x7f'" },
        { "a:1:{", 5, "Element count 1 is more than the remaining 0 bytes can hold" },
        { "a:2:{i:0;N;", 11, "Unexpected end of data: expected an array key" },
        { "a:1:{X:0;N;}", 5, "Array keys and property names must be 'i:' or 's:', found 'X'" },
        { "a:1:{N;N;}", 7, "Array keys and property names must be 'i:' or 's:', found 'N'" },
        { "a:1:{b:1;N;}", 9, "Array keys and property names must be 'i:' or 's:', found 'b'" },
        { "a:1:{d:0.5;N;}", 11, "Array keys and property names must be 'i:' or 's:', found 'd'" },
        { "a:1:{a:0:{}N;}", 10, "Array keys and property names must be 'i:' or 's:', found 'a'" },
        { "a:1:{r:1;N;}", 9, "Array keys and property names must be 'i:' or 's:', found 'r'" },
        { "a:1:{R:1;N;}", 9, "Array keys and property names must be 'i:' or 's:', found 'R'" },
        { "a:1:{b:2;N;}", 5, "A bool must be 'b:0;' or 'b:1;'" },
        { "a:1:{i:0;", 9, "Unexpected end of data: expected a value" },
        { "a:2:{i:0;N;i:1;}", 15, "Unexpected '}': fewer elements than the count says" },
        { "Q", 0, "Unknown value type 'Q'" },
        { "\0;", 0, "Unknown value type '\\x00'" },
        // scalars
        { "N", 0, "Expected 'N;'" },
        { "N:", 0, "Expected 'N;'" },
        { "b:2;", 0, "A bool must be 'b:0;' or 'b:1;'" },
        { "b:/;", 0, "A bool must be 'b:0;' or 'b:1;'" },
        { "b:1", 0, "A bool must be 'b:0;' or 'b:1;'" },
        { "b:1:", 0, "A bool must be 'b:0;' or 'b:1;'" },
        { "b", 0, "Unexpected end of data" },
        { "b;", 0, "Expected ':' after 'b'" },
        { "a:1:{i:0;b", 9, "Unexpected end of data" },
        { "i:1", 0, "Unexpected end of data: expected ';' after the integer" },
        { "i:1x", 0, "Expected ';' after the integer, found 'x'" },
        { "i:", 0, "Unexpected end of data: expected an integer" },
        { "i:-", 0, "Unexpected end of data: expected an integer" },
        { "i:-;", 0, "Expected digits for an integer, found ';'" },
        { "d:1e;", 0, "Malformed float exponent" },
        { "d:1", 0, "Unexpected end of data: expected ';' after the float" },
        { "d:1x", 0, "Expected ';' after the float, found 'x'" },
        { "d:x;", 0, "Malformed float" },
        // strings
        { "s:", 0, "Unexpected end of data: expected a string length" },
        { "s:x", 0, "Expected digits for a string length, found 'x'" },
        { "s:1", 0, "Unexpected end of data: expected ':' after a string length" },
        { "s:1;", 0, "Expected ':' after a string length, found ';'" },
        { "s:1:", 0, "Unexpected end of data: expected '\"' after a string length" },
        { "s:1:a", 0, "Expected '\"' after a string length, found 'a'" },
        { "s:5:\"ab\";", 2, "String length 5 exceeds the remaining 4 bytes" },
        { "s:4:\"ab\";", 9, "Unexpected end of data: expected '\"' after the string (wrong length?)" },
        { "s:1:\"ab\";", 6, "Expected '\"' after the string (wrong length?), found 'b'" },
        { "s:1:\"a\"", 7, "Unexpected end of data: expected ';' after the string" },
        { "s:1:\"a\":", 7, "Expected ';' after the string, found ':'" },
        { "S:1:\"a\":", 7, "Expected ';' after the string, found ':'" },
        { "S:2:\"\\41", 0, "Unexpected end of data inside an S: string" },
        { "S:1:\"\\4", 0, "Unexpected end of data inside an S: escape" },
        { "S:1:\"\\41", 8, "Unexpected end of data: expected '\"' after the string (wrong length?)" },
        { "S:1:\"\\/0\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\:0\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\@0\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\G0\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\`0\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\g0\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\0/\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\0:\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\0@\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\0G\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\0`\";", 0, "Invalid \\XY escape in an S: string" },
        { "S:1:\"\\0g\";", 0, "Invalid \\XY escape in an S: string" },
        // counts: every element takes at least two bytes of what follows
        { "a:2:{i:0;", 9, "Unexpected end of data: expected a value" },
        { "a:3:{i:0;", 5, "Element count 3 is more than the remaining 4 bytes can hold" },
        { "a:", 0, "Unexpected end of data: expected an array element count" },
        { "a:x:{}", 0, "Expected digits for an array element count, found 'x'" },
        { "a:1;{}", 0, "Expected ':' after the array count, found ';'" },
        { "a:1:[}", 0, "Expected '{' to open the array, found '['" },
        { "O:1:\"A\":3:{}", 11, "Array keys and property names must be 'i:' or 's:', found '}'" },
        { "O:1:\"A\":4:{}", 9, "Element count 4 is more than the remaining 6 bytes can hold" },
        // objects and class names
        { "O:0:\"\":0:{}", 2, "Empty name (a class name length 0)" },
        { "O:99:\"A\":0:{}", 2, "Class name length 99 exceeds the remaining 7 bytes" },
        { "O:3:\"A-B\":0:{}", 0, "Invalid character '-' in class name" },
        { "O:1:\"ab\":0:{}", 6, "Expected '\"' after the class name (wrong length?), found 'b'" },
        { "O:1:\"a\";0:{}", 7, "Expected ':' after the class name, found ';'" },
        { "O:1:\"a\":", 6, "Unexpected end of data: expected the property count" },
        { "O:1:\"a\":0", 9, "Unexpected end of data: expected ':' after the property count" },
        { "O:1:\"a\":0;{}", 9, "Expected ':' after the property count, found ';'" },
        { "O:1:\"a\":0:", 10, "Unexpected end of data: expected '{' to open the object" },
        { "O:1:\"a\":0:}", 10, "Expected '{' to open the object, found '}'" },
        { "O:1:\"a\":-1:{}", 10, "Negative element count -1" },
        // C: payloads
        { "C:3:\"A-B\":0:{}", 0, "Invalid character '-' in class name" },
        { "C:1:\"a\":3", 9, "Unexpected end of data: expected ':{' before the payload" },
        { "C:1:\"a\":3:", 9, "Unexpected end of data: expected ':{' before the payload" },
        { "C:1:\"a\":3:{", 11, "Payload length 3 does not fit in the remaining 0 bytes" },
        { "C:1:\"a\":3;{abc}", 9, "Expected ':' after the payload length, found ';'" },
        { "C:1:\"a\":3:[abc}", 10, "Expected '{' before the payload, found '['" },
        { "C:1:\"a\":3:{abcd", 14, "Expected '}' after the payload (wrong length?), found 'd'" },
        { "C:1:\"a\":4:{abc}", 11, "Payload length 4 does not fit in the remaining 4 bytes" },
        { "C:1:\"a\":-1:{}", 12, "Payload length -1 does not fit in the remaining 1 bytes" },
        // enums
        { "E:0:\"\";", 2, "Empty name (an enum name length 0)" },
        { "E:3:\"ABC\";", 0, "Invalid enum name (missing colon)" },
        { "E:2:\"A:\";", 0, "Invalid enum name (empty class or case)" },
        { "E:2:\":A\";", 0, "Invalid enum name (empty class or case)" },
        { "E:4:\"A-:B\";", 0, "Invalid enum class name" },
        { "E:4:\"-A:B\";", 0, "Invalid enum class name" },
        { "E:3:\"A:BC\";", 8, "Expected '\"' after the enum name (wrong length?), found 'C'" },
        { "E:3:\"A:B\"", 9, "Unexpected end of data: expected ';' after the enum name" },
        // references
        { "a:1:{i:0;R:0;}", 13, "Reference number 0 is invalid (numbers start at 1)" },
        { "a:1:{i:0;R:x;}", 9, "Expected digits for a reference number, found 'x'" },
        { "a:1:{i:0;R:1}", 9, "Expected ';' after the reference number, found '}'" },
        { "a:2:{i:0;N;i:1;R:3;}", 19, "Reference 3 points to no earlier value (only 2 so far)" },
        { "a:2:{i:0;O:1:\"A\":0:{}i:1;r:3;}", 29, "Reference 3 points to no earlier value (only 2 so far)" },
        { "a:2:{i:0;O:1:\"A\":0:{}i:1;r:1;}", 29, "r:1; must refer to an object, not Array" },
        { "a:2:{i:0;i:1;i:1;r:2;}", 21, "r:2; must refer to an object, not Int" },
        { "a:2:{i:0;O:1:\"A\":0:{}i:0;r:2;}", 29, "r:2; must refer to an object, not itself" },
        { "a:2:{i:0;i:1;i:0;R:2;}", 21, "R:2; refers to itself" },
        { "O:8:\"stdClass\":2:{s:1:\"a\";i:1;s:1:\"a\";R:2;}", 42, "R:2; refers to itself" },
        { "O:8:\"stdClass\":2:{s:1:\"a\";O:8:\"stdClass\":0:{}s:1:\"a\";r:2;}", 57, "r:2; must refer to an object, not itself" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void TheGeneralReaderRejectsWithThisReasonAtThisOffset(string input, int offset, string reason)
    {
        var e = GeneralReader.Error(B(input));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(offset, e.Offset);
    }

    [Fact]
    public void PhpRejectsEveryOneAtTheSameOffset()
    {
        var inputs = Errors().Select(r => B((string)r[0])).ToList();
        var php = PhpJudge.Host(inputs);
        for (int i = 0; i < inputs.Count; i++)
        {
            Verdict ours = GeneralReader.VerdictOf(inputs[i]);
            Assert.True(php[i].Agrees(ours), $"input {S(inputs[i])}: php {php[i]}, c# {ours}");
        }
    }
}
