using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;

namespace Eumentia.Studies.Subset;

/// <summary>Everything the match-probability experiment measured.</summary>
public sealed record MatchStudyResult(IReadOnlyList<NetworkTheory> Networks, IReadOnlyList<MatchOutcome> Outcomes);

/// <summary>
/// Runs the match-probability experiment: for every network, allocation and draw, a teacher and a student
/// with random frozen weights, and for every budget m a search for learnable values that reproduce the
/// teacher. Draw d uses the same teacher and frozen student for every allocation and budget (common random
/// numbers: differences between allocations are not blurred by different teachers). Work is split over
/// (network, allocation, draw) jobs whose random draws depend only on their indices, so results are
/// identical for any thread count.
/// </summary>
public static class MatchStudy
{
    /// <summary>
    /// Bump when a change to the search or the networks changes outcomes: ledgers of older code are then
    /// named differently and not reused.
    /// </summary>
    public const int OutcomeVersion = 2;

    /// <summary>
    /// Runs every job, or, with a <paramref name="ledgerPath"/>, every job not already in that ledger,
    /// appending each finished one (see <see cref="Sweeps.Ledger.JobLedger{T}"/>): a killed run resumes where it
    /// stopped, and ends with exactly the outcomes of an uninterrupted one. Ledgers of the same spec beside it
    /// (<see cref="LedgerName"/> of any shard) are read too. A <paramref name="shard"/> (i, n) runs only
    /// jobs i, i + n, i + 2n, ...; its outcomes then hold only the jobs done so far.
    /// </summary>
    public static MatchStudyResult Run(SubsetSpec spec, Action<int, int>? progress = null, CancellationToken cancel = default, string? ledgerPath = null,
        (int Index, int Count)? shard = null)
    {
        spec.Validate();
        var networks = spec.Networks.Select(n => SubsetNetwork.Parse(n, spec.Seed)).ToArray();
        if (networks.Select(n => n.Name).Distinct().Count() != networks.Length)
            throw new UsageException("subset: a network is listed twice");
        var theory = networks.Select(n => new NetworkTheory(n.Name, n.WeightCount, n.EquationCount, JacobianRank.Generic(n, spec.Seed))).ToArray();
        var jobs = new List<(int Net, int Alloc, int Draw)>();
        for (int n = 0; n < networks.Length; n++)
            for (int a = 0; a < spec.Allocations.Count; a++)
                if (spec.Allocations[a].AppliesTo(networks[n]))
                    for (int d = 0; d < spec.Draws; d++) jobs.Add((n, a, d));

        var results = new MatchOutcome[jobs.Count][];
        var siblings = ledgerPath is null || Path.GetDirectoryName(Path.GetFullPath(ledgerPath)) is not { } folder || !Directory.Exists(folder) ? []
            : Directory.GetFiles(folder, LedgerName(spec)[..^".jsonl".Length] + "*.jsonl").Where(f => Path.GetFullPath(f) != Path.GetFullPath(ledgerPath));
        using var ledger = new Sweeps.Ledger.JobLedger<MatchOutcome[]>(ledgerPath, siblings);
        var pending = new List<int>();
        for (int j = 0; j < jobs.Count; j++)
            if (!ledger.TryGet(JobKey(networks[jobs[j].Net], spec.Allocations[jobs[j].Alloc], jobs[j].Draw), out results[j]!)
                && (shard is not { } s || j % s.Count == s.Index)) pending.Add(j);
        // A shard counts its own jobs; a whole run counts the ledger's jobs as done.
        int total = shard is null ? jobs.Count : pending.Count, done = total - pending.Count;
        Parallel.For(0, pending.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.MaxThreads, CancellationToken = cancel }, i =>
        {
            int j = pending[i];
            var (n, a, d) = jobs[j];
            var budgets = spec.Budgets(networks[n].WeightCount, theory[n].IndependentEquations);
            results[j] = RunDraw(networks[n], theory[n].IndependentEquations, spec.Allocations[a], d, budgets, spec.Match, spec.Seed);
            ledger.Add(JobKey(networks[n], spec.Allocations[a], d), results[j]);
            progress?.Invoke(Interlocked.Increment(ref done), total);
        });
        return new MatchStudyResult(theory, [.. results.Where(r => r is not null).SelectMany(r => r)]);
    }

    static string JobKey(SubsetNetwork network, Allocation allocation, int draw) => $"{network.Name}|{allocation.Name}|{draw}";

    /// <summary>
    /// The ledger file's name for <paramref name="spec"/>: a hash of everything a job's outcomes depend on
    /// besides its (network, allocation, draw) key — seed, budgets, search options, masks and
    /// <see cref="OutcomeVersion"/> — so more draws or more networks reuse it and any other change does not.
    /// </summary>
    public static string LedgerName(SubsetSpec spec, (int Index, int Count)? shard = null)
    {
        var identity = System.Text.Json.JsonSerializer.Serialize(new
        {
            version = OutcomeVersion,
            seed = spec.Seed,
            budget_points = spec.MaxBudgetPoints,
            match = spec.Match,
            masks = spec.Allocations.Where(a => a.Mask is not null).Select(a => new { a.Name, a.MaskNetwork, a.Mask }),
        }, new System.Text.Json.JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity));
        var stem = $"matching-{Convert.ToHexStringLower(hash)[..16]}";
        return shard is { } s ? $"{stem}.shard-{s.Index}-of-{s.Count}.jsonl" : stem + ".jsonl";
    }

    /// <summary>One draw of one allocation on one network, at every budget the allocation can place.</summary>
    public static MatchOutcome[] RunDraw(SubsetNetwork network, int independentEquations, Allocation allocation, int draw, IReadOnlyList<int> budgets,
        MatchOptions options, ulong seed)
    {
        var teacher = network.DrawWeights(seed, RngStream.Of(RngStream.Teacher, network.Tag, draw));
        var target = network.Function(teacher);
        var studentStream = RngStream.Of(RngStream.Student, network.Tag, draw);
        var frozen = network.DrawWeights(seed, studentStream);
        var order = allocation.Order(network, seed, RngStream.Of(RngStream.Subset, network.Tag, draw));
        IEnumerable<int> feasible = allocation.Kind == AllocationKind.Mask ? [order.Length] : budgets.Where(m => m <= order.Length);

        var outcomes = new List<MatchOutcome>();
        MatchResult? matchedAt = null;
        int rankSoFar = 0;
        var start = new double[frozen.Length];
        foreach (int m in feasible)
        {
            var learnable = order.AsSpan(0, m);
            frozen.CopyTo(start, 0);
            network.RedrawWeights(start, learnable, seed, studentStream, Matcher.RestartCounter(0));
            // The generic rank of a nested set can only grow with it; a random point's numerical rank can
            // only fall short of it (round-off at an ill-conditioned point), so keep the running maximum.
            var rank = JacobianRank.Of(network, start, learnable);
            rank = rank with { Rank = rankSoFar = Math.Max(rankSoFar, rank.Rank) };
            if (matchedAt is { } earlier)
            {
                // Nested sets: the smaller budget's solution, with the extra weights at their frozen values, is a match here.
                outcomes.Add(new(network.Name, allocation.Name, m, draw, true, false, earlier.RelativeResidual, rank.Rank, rank.Gap, 0, 0));
                continue;
            }
            var r = Search(network, independentEquations, frozen, learnable, target, teacher, rank.Rank, options, seed, studentStream);
            if (r.Matched) matchedAt = r;
            outcomes.Add(new(network.Name, allocation.Name, m, draw, r.Matched, true, r.RelativeResidual, rank.Rank, rank.Gap, r.RestartsUsed, r.Iterations));
        }
        return [.. outcomes];
    }

    /// <summary>
    /// The study's search protocol for one student: the short restarts, then, if they failed and the
    /// student's Jacobian has the full rank D (theory expects a match), the long confirming restarts.
    /// </summary>
    public static MatchResult Search(SubsetNetwork network, int independentEquations, ReadOnlySpan<double> frozen, ReadOnlySpan<int> learnable,
        ReadOnlySpan<double> target, ReadOnlySpan<double> teacherWeights, int rank, MatchOptions options, ulong seed, ulong studentStream)
    {
        var r = Matcher.Match(network, frozen, learnable, target, options, seed, studentStream);
        if (r.Matched || rank != independentEquations || options.ConfirmRestartsFor(network) <= 0) return r;
        var more = Matcher.Match(network, frozen, learnable, target, options, seed, studentStream, confirm: true, teacherWeights);
        return new MatchResult(more.Matched, Math.Min(r.RelativeResidual, more.RelativeResidual), r.RestartsUsed + more.RestartsUsed, r.Iterations + more.Iterations);
    }
}
