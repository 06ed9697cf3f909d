using Saga.Cli.Output;

namespace Saga.Integration.Tests.Cli;

/// <summary>The table format people read and the duration format in it.</summary>
public sealed class CliOutputTests
{
    [Test]
    public void A_table_pads_columns_to_their_widest_cell_and_aligns_numbers_right()
    {
        var table = new Table(new Column("state"), new Column("orders", AlignRight: true))
            .Add("Completed", "1234")
            .Add("Rejected\nreally", "5");
        using var output = new StringWriter();

        table.Write(output);

        Assert.That(output.ToString().ReplaceLineEndings("\n"), Is.EqualTo(
            "state            orders\n" +
            "---------------  ------\n" +
            "Completed          1234\n" +
            "Rejected really       5\n"));
    }

    [Test]
    public void A_row_with_the_wrong_number_of_cells_is_a_bug() =>
        Assert.That(() => new Table(new Column("a"), new Column("b")).Add("only one"), Throws.ArgumentException);

    [TestCase(0.4, "0s")]
    [TestCase(45, "45s")]
    [TestCase(725, "12m 5s")]
    [TestCase(12_000, "3h 20m")]
    [TestCase(187_200, "2d 4h")]
    public void Durations_read_as_an_operator_says_them(double seconds, string expected) =>
        Assert.That(Formats.Duration(seconds), Is.EqualTo(expected));
}
