using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Ctf;

namespace Rlvr.Environments.Cyber.Tests;

/// <summary>The bundled challenges, loaded once from the test output folder.</summary>
internal static class TestChallenges
{
    private static readonly Lazy<IReadOnlyList<CyberChallenge>> All = new(() => ChallengeLoader.LoadAll(Path.Combine(AppContext.BaseDirectory, "challenges")));

    public static IReadOnlyList<CyberChallenge> Challenges => All.Value;

    private static readonly Lazy<IReadOnlyList<CtfChallenge>> AllCtf = new(() => CtfLoader.LoadAll(Path.Combine(AppContext.BaseDirectory, "ctf")));

    public static IReadOnlyList<CtfChallenge> Ctfs => AllCtf.Value;

    public static CtfChallenge GetCtf(string id) => AllCtf.Value.Single(c => c.Id == id);

    public static TheoryData<string> CtfIds()
    {
        var data = new TheoryData<string>();
        foreach (var challenge in AllCtf.Value)
        {
            data.Add(challenge.Id);
        }

        return data;
    }

    public static CyberChallenge Get(string id) => All.Value.Single(c => c.Id == id);

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var challenge in All.Value)
        {
            data.Add(challenge.Id);
        }

        return data;
    }
}
