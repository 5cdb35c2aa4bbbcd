using System.Globalization;
using System.Text.Json;
using PhpShmCompat;

namespace PhpShm.Cli.Commands;

/// <summary>How a segment's capacity is printed by <c>dump</c> and <c>ls --json</c>.</summary>
internal static class CapacityOutput
{
    public static string Line(PhpShmCapacity c)
    {
        string largest = c.LargestVariableKey is long k
            ? $"largest variable {k} ({c.LargestVariableLength} bytes; a put of it fits up to {c.LargestVariableRoom} bytes)"
            : "no variables";
        string fresh = c.NewVariableRoom < 0 ? "a new variable does not fit" : $"a new variable fits up to {c.NewVariableRoom} bytes";
        return string.Create(CultureInfo.InvariantCulture, $"capacity: used {c.Used} of {c.Total} bytes ({c.FillRatio * 100:0.0}%), free {c.Free}; {largest}; {fresh}");
    }

    public static void Write(Utf8JsonWriter w, PhpShmCapacity c)
    {
        w.WriteStartObject("capacity");
        w.WriteNumber("used", c.Used);
        w.WriteNumber("free", c.Free);
        w.WriteNumber("total", c.Total);
        w.WriteNumber("fill", Math.Round(c.FillRatio, 4));
        if (c.LargestVariableKey is long k)
        {
            w.WriteNumber("largestVar", k);
            w.WriteNumber("largestLength", c.LargestVariableLength);
            w.WriteNumber("largestPutFits", c.LargestVariableRoom!.Value);
        }
        else
        {
            w.WriteNull("largestVar");
            w.WriteNumber("largestLength", 0);
            w.WriteNull("largestPutFits");
        }
        w.WriteNumber("newVarFits", c.NewVariableRoom);
        w.WriteEndObject();
    }
}
