using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The var_dump-like text of values (<see cref="PhpValue.ToString"/>) and the one-line debugger
/// summary: every kind, the byte escapes, indentation, object ids and references.
/// </summary>
public class ValueDumpTests
{
    [Fact]
    public void ScalarsPrintAsVarDumpDoesOnOneLine()
    {
        Assert.Equal("NULL\n", PhpNull.Instance.ToString());
        Assert.Equal("bool(true)\n", PhpBool.True.ToString());
        Assert.Equal("bool(false)\n", PhpBool.False.ToString());
        Assert.Equal("int(-7)\n", new PhpInt(-7).ToString());
        Assert.Equal("float(-1.5)\n", new PhpFloat(-1.5).ToString());
        Assert.Equal("string(0) \"\"\n", PhpString.Empty.ToString());
        Assert.Equal("enum(Suit::Hearts)\n", new PhpEnumCase("Suit", "Hearts").ToString());
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData(" ~", " ~")]                 // 0x20 and 0x7E are printable
    [InlineData("a\\b", "a\\\\b")]           // a backslash is doubled
    [InlineData("\x1f\x7f", "\\x1f\\x7f")]   // control bytes on both sides of the printable range
    [InlineData("\0", "\\x00")]
    [InlineData("\xc3\xa9", "é")]            // valid UTF-8 is shown as the character
    [InlineData("\xf0\x9f\x98\x80!", "😀!")] // a four-byte sequence, then the next byte
    [InlineData("\xc3", "\\xc3")]             // a truncated sequence is escaped byte by byte
    [InlineData("\u00c3A", "\\xc3A")]
    [InlineData("\x80\xa9", "\\x80\\xa9")]   // continuation bytes alone
    [InlineData("\xff", "\\xff")]
    public void StringBytesAreEscapedUnlessPrintableUtf8(string bytes, string shown)
    {
        byte[] raw = B(bytes);
        Assert.Equal($"string({raw.Length}) \"{shown}\"\n", new PhpString(raw).ToString());
        Assert.Equal(shown, PhpValueDumper.EscapeBytes(raw));
    }

    [Fact]
    public void ASerializableObjectShowsClassIdAndRawPayload()
    {
        var c = new PhpSerializableObject("Cls", B("x:\\\0"));
        Assert.Equal("object(Cls)#1 (Serializable) \"x:\\\\\\x00\"\n", c.ToString());
    }

    [Fact]
    public void ObjectIdsCountDistinctObjectsInOrderOfFirstAppearance()
    {
        var first = new PhpObject("A");
        var second = new PhpSerializableObject("B", "p"u8);
        var third = new PhpObject("C");
        var value = PhpArray.List(first, second, first, third, second);
        Assert.Equal(
            "array(5) {\n" +
            "  [0]=>\n  object(A)#1 (0) {\n  }\n" +
            "  [1]=>\n  object(B)#2 (Serializable) \"p\"\n" +
            "  [2]=>\n  object(A)#1 (0) {\n  }\n" +
            "  [3]=>\n  object(C)#3 (0) {\n  }\n" +
            "  [4]=>\n  object(B)#2 (Serializable) \"p\"\n" +
            "}\n", value.ToString());
    }

    [Fact]
    public void AReferenceIsItsValueWithALeadingAmpersandAtTheSameIndentation()
    {
        Assert.Equal("&int(1)\n", new PhpReference(1L).ToString());
        var cell = new PhpReference(PhpArray.List(2L));
        var value = new PhpObject("O") { { "r", cell }, { "s", "t" } };
        Assert.Equal(
            "object(O)#1 (2) {\n" +
            "  [\"r\"]=>\n" +
            "  &array(1) {\n" +
            "    [0]=>\n" +
            "    int(2)\n" +
            "  }\n" +
            "  [\"s\"]=>\n" +
            "  string(1) \"t\"\n" +
            "}\n", value.ToString());
    }

    [Fact]
    public void TheSameReferenceTwiceIsPrintedTwiceNotAsRecursion()
    {
        var cell = new PhpReference(5L);
        Assert.Equal(
            "array(2) {\n  [0]=>\n  &int(5)\n  [1]=>\n  &int(5)\n}\n",
            PhpArray.List(cell, cell).ToString());
        var inner = PhpArray.List(1L);
        Assert.Equal(
            "array(2) {\n  [0]=>\n  array(1) {\n    [0]=>\n    int(1)\n  }\n  [1]=>\n  array(1) {\n    [0]=>\n    int(1)\n  }\n}\n",
            PhpArray.List(inner, inner).ToString());
    }

    [Fact]
    public void ArrayKeysAndPropertyLabelsAreQuotedAndEscaped()
    {
        var a = new PhpArray { { -3, 1L }, { "k\\\u00e9", 2L } };
        a.Set(PhpArrayKey.RawString(B("\0x")), 3L);
        Assert.Equal(
            "array(3) {\n  [-3]=>\n  int(1)\n  [\"k\\\\é\"]=>\n  int(2)\n  [\"\\x00x\"]=>\n  int(3)\n}\n",
            a.ToString());
        Assert.Equal("[\"7\"]", PhpValueDumper.PropertyLabel(PhpProperty.FromKey(7, 1L)));
        Assert.Equal("[\"-2\"]", PhpValueDumper.PropertyLabel(PhpProperty.FromKey(-2, 1L)));
        Assert.Equal("[\"é\\x01\":\"Cl\\\\ass\":private]",
            PhpValueDumper.PropertyLabel(new PhpProperty("é\u0001", 1L, PhpVisibility.Private, "Cl\\ass")));
        Assert.Equal("[\"p\":protected]", PhpValueDumper.PropertyLabel(new PhpProperty("p", 1L, PhpVisibility.Protected)));
        Assert.Equal("[\"p\"]", PhpValueDumper.PropertyLabel(new PhpProperty("p", 1L)));
    }

    [Fact]
    public void NestedContainersIndentByTwoPerLevel()
    {
        var value = new PhpObject("Outer") { { "a", PhpArray.List(new PhpObject("In") { { "x", PhpNull.Instance } }) } };
        Assert.Equal(
            "object(Outer)#1 (1) {\n" +
            "  [\"a\"]=>\n" +
            "  array(1) {\n" +
            "    [0]=>\n" +
            "    object(In)#2 (1) {\n" +
            "      [\"x\"]=>\n" +
            "      NULL\n" +
            "    }\n" +
            "  }\n" +
            "}\n", value.ToString());
    }

    [Fact]
    public void TheDebuggerSummaryIsOneLinePerKind()
    {
        Assert.Equal("array(2)", PhpArray.List(1L, 2L).DebuggerSummary);
        Assert.Equal("object(F\\x00o) (1)", new PhpObject(B("F\0o")) { { "p", 1L } }.DebuggerSummary);
        Assert.Equal("object(C\\\\D) (Serializable, 3 bytes)", new PhpSerializableObject("C\\D", "abc"u8).DebuggerSummary);
        Assert.Equal("&array(0)", new PhpReference(new PhpArray()).DebuggerSummary);
        Assert.Equal("&int(4)", new PhpReference(4L).DebuggerSummary);
        Assert.Equal("string(2) \"hi\"", new PhpString("hi").DebuggerSummary);
        Assert.Equal("NULL", PhpNull.Instance.DebuggerSummary);
    }

    // Far deeper than the stack allows: refused with the runtime's exception, not a crash.
    [Fact]
    public void AValueNestedDeeperThanTheStackAllowsIsRefusedNotACrash()
    {
        PhpValue v = 1L;
        for (int i = 0; i < 200_000; i++) v = PhpArray.List(v);
        // On a small stack, so the stack runs out long before the text (two spaces of indent per
        // level) outgrows what a StringBuilder holds; which came first used to depend on the machine.
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { _ = v.ToString(); }
            catch (Exception e) { error = e; }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.IsType<InsufficientExecutionStackException>(error);
    }
}
