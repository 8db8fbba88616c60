#!/usr/bin/env python3
"""Cost of the Rlvr analyzers: builds a generated project (200 reward classes, ~20k lines) with and
without them and reports wall-clock compile times and the analyzers' own execution time
(-p:ReportAnalyzer=true). Runs alternate between the two configurations so machine load hits both.

Wall-clock time is the goal's measure; the CPU time of the build's processes (user + sys) is printed too,
because it is far less sensitive to scheduling noise on a small machine.

Usage: scripts/analyzers-benchmark.py [runs]   (default 10 runs per configuration)
"""
import os, re, resource, shutil, statistics, subprocess, sys, tempfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
CLASSES = 200

TEMPLATE = '''using System.Globalization;
using System.Text.RegularExpressions;
using Rlvr.Core;

namespace Bench;

public sealed record Problem{n}(string Question, [property: Reference] string Answer, IReadOnlyList<string> Tests);

public sealed class Verifier{n} : IVerifier<Problem{n}>
{{
    private static readonly Regex AnswerTag = new(@"\\A.*<answer>(.+?)</answer>\\s*\\z", RegexOptions.Singleline, TimeSpan.FromSeconds(1));

    public ValueTask<Reward> ScoreAsync(Problem{n} problem, Completion completion, ScoringContext context)
    {{
        if (string.IsNullOrWhiteSpace(problem.Answer))
        {{
            return new(Reward.Unscorable(Reasons.BadReference));
        }}

        string? answer = Extract(completion.Text);
        if (answer is null)
        {{
            return new(Reward.Wrong(Reasons.NoAnswer));
        }}

        if (TryNumber(answer, out decimal value) && TryNumber(problem.Answer, out decimal expected))
        {{
            return new(value == expected ? Reward.Correct() : Reward.Wrong());
        }}

        string normalised = Normalise(answer);
        bool same = string.Equals(normalised, Normalise(problem.Answer), StringComparison.Ordinal);
        return new(same ? Reward.Correct() : Reward.Wrong());
    }}

    public static double TestScore(Problem{n} problem, string output)
    {{
        if (problem.Tests.Count == 0)
        {{
            return 0.0;
        }}

        int passed = 0;
        foreach (string test in problem.Tests)
        {{
            if (string.Equals(test.Trim(), output.Trim(), StringComparison.Ordinal))
            {{
                passed++;
            }}
        }}

        return passed / (double)problem.Tests.Count;
    }}

    private static string? Extract(string text)
    {{
        var match = AnswerTag.Match(text);
        if (!match.Success)
        {{
            return null;
        }}

        string value = match.Groups[1].Value.Trim();
        return value.Length == 0 ? null : value;
    }}

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text.Replace(" ", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out value);

    private static string Normalise(string text)
    {{
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {{
            if (!char.IsWhiteSpace(c))
            {{
                builder.Append(char.ToLowerInvariant(c));
            }}
        }}

        return builder.ToString();
    }}
}}

public sealed class Environment{n} : Environment<Problem{n}>
{{
    public override string Name => "bench-{n}";

    public override string Version => "1";

    public override IVerifier<Problem{n}> Rubric {{ get; }} = Rubric<Problem{n}>.CreateBuilder()
        .Add("answer", new Verifier{n}())
        .Add("format", (p, c) => c.Text.Contains("<answer>", StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong(Reasons.FormatError), 0.1)
        .Build();

    public override string RenderPrompt(Problem{n} problem) =>
        $"Solve the problem and put the final answer in <answer></answer> tags.\\n\\n{{problem.Question}}";
}}
'''


def generate(folder, with_analyzers):
    os.makedirs(folder, exist_ok=True)
    analyzer = os.path.join(REPO, 'analyzers', 'Rlvr.Analyzers', 'bin', 'Release', 'netstandard2.0', 'Rlvr.Analyzers.dll')
    core = os.path.join(REPO, 'src', 'Rlvr.Core', 'bin', 'Release', 'net10.0', 'Rlvr.Core.dll')
    analyzer_item = f'<Analyzer Include="{analyzer}" />' if with_analyzers else ''
    with open(os.path.join(folder, 'Bench.csproj'), 'w') as f:
        f.write(f'''<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="{core}" />
    {analyzer_item}
  </ItemGroup>
</Project>
''')
    lines = 0
    for n in range(CLASSES):
        text = TEMPLATE.format(n=n)
        lines += text.count('\n')
        with open(os.path.join(folder, f'Reward{n}.cs'), 'w') as f:
            f.write(text)
    return lines


def build(folder, report=False):
    """One full compile of the generated project; with report=True also returns the ReportAnalyzer breakdown."""
    args = ['dotnet', 'build', folder, '--no-incremental', '--disable-build-servers', '-nologo', '-p:UseSharedCompilation=false']
    # The analyzer report is only printed at detailed verbosity, which slows the build itself, so timed
    # runs are quiet and the breakdown comes from a separate run.
    args += ['-v:d', '-p:ReportAnalyzer=true'] if report else ['-v:q']
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        sys.exit(result.stdout[-4000:])
    out = result.stdout
    breakdown = []
    if report:
        lines = out.splitlines()
        for i, line in enumerate(lines):
            if 'Total analyzer execution time' in line:
                breakdown = [l.strip() for l in lines[i:i + 24] if l.strip()]
                break
    return elapsed, cpu, len(re.findall(r'(?:warning|error) RLVR\d+', out)), breakdown


def main():
    subprocess.run(['dotnet', 'build', os.path.join(REPO, 'src', 'Rlvr.Core'), '-c', 'Release', '-nologo', '-v:q'], check=True)
    work = tempfile.mkdtemp(prefix='rlvr-analyzer-bench-')
    try:
        lines = generate(os.path.join(work, 'with'), True)
        generate(os.path.join(work, 'without'), False)
        build(os.path.join(work, 'with'))  # warm-up: restore and disk caches
        build(os.path.join(work, 'without'))
        wall = {'without': [], 'with': []}
        cpu = {'without': [], 'with': []}
        findings = 0
        for _ in range(RUNS):
            for name in ('without', 'with'):
                t, c, found, _ = build(os.path.join(work, name))
                wall[name].append(t)
                cpu[name].append(c)
                if name == 'with':
                    findings = found
        _, _, _, breakdown = build(os.path.join(work, 'with'), report=True)
        print(f'classes={CLASSES} lines={lines} runs={RUNS}')
        for label, series in (('wall clock', wall), ('CPU (user+sys)', cpu)):
            mo, mw = statistics.median(series['without']), statistics.median(series['with'])
            lo, lw = min(series['without']), min(series['with'])
            print(f'{label}:')
            print(f'  without analyzers: median {mo:.2f}s  min {lo:.2f}s  runs {[round(x, 2) for x in series["without"]]}')
            print(f'  with analyzers:    median {mw:.2f}s  min {lw:.2f}s  runs {[round(x, 2) for x in series["with"]]}')
            print(f'  overhead: median {100 * (mw - mo) / mo:+.1f}%  min {100 * (lw - lo) / lo:+.1f}%')
        print(f'RLVR diagnostics in the generated code: {findings}')
        print('ReportAnalyzer breakdown (separate detailed-verbosity build with the analyzers):')
        for line in breakdown:
            print('  ' + line)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
