using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Studies.Subset;

namespace Eumentia.Tests.Studies.Subset;

public class AllocationTests
{
    static int[] Order(Allocation a, SubsetNetwork net, int draw = 0) => a.Order(net, 7, RngStream.Of(RngStream.Subset, net.Tag, draw));

    [Theory]
    [InlineData("ff:4-3-2")]
    [InlineData("ff:2-3-3-2")]
    [InlineData("rnn:2-3-1")]
    [InlineData("relu:3-4-2")]
    public void EveryBuiltInOrderIsAPermutationOfAllWeights(string name)
    {
        var net = SubsetNetwork.Parse(name, 1);
        foreach (var a in Allocation.BuiltIn)
            Assert.Equal(Enumerable.Range(0, net.WeightCount), Order(a, net).Order());
    }

    [Fact]
    public void ConcentratedRowFillsOneRowBeforeTheNext()
    {
        var net = SubsetNetwork.Parse("ff:4-4-4", 1);
        var order = Order(new Allocation(AllocationKind.Concentrated, AllocationUnit.Row), net);
        for (int r = 0; r < 8; r++)
            Assert.Single(order.Skip(4 * r).Take(4).Select(w => w / 4).Distinct()); // rows are runs of 4 in both 4x4 blocks
    }

    [Fact]
    public void SpreadRowDealsOneWeightPerRowPerPass()
    {
        var net = SubsetNetwork.Parse("ff:4-4-4", 1);
        var order = Order(new Allocation(AllocationKind.Spread, AllocationUnit.Row), net);
        Assert.Equal(8, order.Take(8).Select(w => w / 4).Distinct().Count());
        Assert.All(order.Take(16).GroupBy(w => w / 4), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void ConcentratedNeuronTakesAWholeHiddenUnit()
    {
        var net = SubsetNetwork.Parse("relu:3-4-2", 1);
        var order = Order(new Allocation(AllocationKind.Concentrated, AllocationUnit.Neuron), net);
        Assert.Contains(net.Neurons, unit => unit.Order().SequenceEqual(order.Take(5).Order()));
    }

    [Fact]
    public void SpreadLayerAlternatesBetweenLayers()
    {
        var net = SubsetNetwork.Parse("rnn:1-4-1", 1);
        var order = Order(new Allocation(AllocationKind.Spread, AllocationUnit.Layer), net);
        Assert.Equal(3, order.Take(3).Select(w => net.BlockOf(w).Name).Distinct().Count());
        // U and V hold 4 weights each: after 12 picks they are used up, the rest is W.
        Assert.All(order.Skip(12), w => Assert.Equal("W", net.BlockOf(w).Name));
    }

    [Fact]
    public void OrdersAreReproducibleAndDifferBetweenDraws()
    {
        var net = SubsetNetwork.Parse("ff:4-4-4", 1);
        var a = Allocation.Parse("random");
        Assert.Equal(Order(a, net, 3), Order(a, net, 3));
        Assert.NotEqual(Order(a, net, 3), Order(a, net, 4));
    }

    [Fact]
    public void MaskFileListsWeightsAndRejectsBadLinesWithTheirLineNumber()
    {
        var net = SubsetNetwork.Parse("ff:3-4-2", 1);
        var mask = MaskFile.Parse(["# first layer", "W1 0 0", "", "w2 1 3  # output"], "m.txt", net);
        Assert.Equal([0, 12 + 4 + 3], mask.Mask!);
        Assert.Equal("mask:m", mask.Name);
        Assert.Equal(2, mask.Order(net, 0, 0).Length);
        Assert.Contains("line 2", Assert.Throws<UsageException>(() => MaskFile.Parse(["W1 0 0", "W3 0 0"], "m.txt", net)).Message);
        Assert.Contains("row", Assert.Throws<UsageException>(() => MaskFile.Parse(["W1 4 0"], "m.txt", net)).Message);
        Assert.Contains("twice", Assert.Throws<UsageException>(() => MaskFile.Parse(["W1 1 1", "W1 1 1"], "m.txt", net)).Message);
        Assert.Throws<UsageException>(() => MaskFile.Parse(["W1 1"], "m.txt", net));
        Assert.Throws<UsageException>(() => MaskFile.Parse(["# nothing"], "m.txt", net));
    }
}
