using System.Diagnostics;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace Rlvr.Scripting.Tests;

/// <summary>
/// Fuzzing of <c>.csx</c> environment scripts: the example script with spans deleted, stray tokens and directives
/// inserted, cut short, lines doubled, invalid UTF-8 written into it, or its last expression replaced by something
/// that is not an environment or that throws. Each case must load, or fail with a
/// <see cref="ScriptCompilationException"/> naming the file (and, for compile errors, the line), never another
/// exception and never a stack trace in the message. Seeded; a fixed number of cases, as each one is a compilation.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ScriptEnvironmentLoaderFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 24;

    private static readonly string[] Tokens =
    [
        "{", "}", "(", ";", "\"", "@\"", "/*", "#if X", "#load \"missing.csx\"", "#r \"missing.dll\"", "\u0000", "int x = ;",
        "=> =>", "unsafe {", "<", "'", "#error fuzz", "goto;", "public", "0x", "\u202e", "return;",
    ];

    private static readonly string[] LastLines =
    [
        "null", "42", "throw new System.Exception(\"boom\")", "new object()", "default(IEnvironment)",
        "System.IO.File.ReadAllText(\"/nonexistent/x\")", "new ExactMatchEnvironment() as object", string.Empty,
    ];

    [Fact]
    public async Task LoadAsync_MutatedScripts_LoadOrFailNamingFileAndLine()
    {
        string seed = await File.ReadAllTextAsync(RepoPaths.Combine("examples", "scripts", "exact_match.csx"));
        string work = Directory.CreateTempSubdirectory("rlvr-csx-fuzz-").FullName;
        var random = new Random(0x13_C5);
        var watch = Stopwatch.StartNew();
        int loaded = 0, refused = 0;
        try
        {
            for (int i = 0; i < Cases; i++)
            {
                string path = Path.Combine(work, $"case{i}.csx");
                string description = await WriteMutantAsync(seed, path, random);
                try
                {
                    var script = await new ScriptEnvironmentLoader().LoadAsync(path);
                    Assert.NotNull(script.Environment);
                    loaded++;
                }
                catch (ScriptCompilationException ex)
                {
                    refused++;
                    string where = $"case {i} ({description}): {ex.Message}";
                    Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
                    Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", ex.Message);
                    foreach (var error in ex.Errors)
                    {
                        Assert.True(error.File == path && error.Line >= 1, where);
                        Assert.Contains($"{path}({error.Line},", ex.Message, StringComparison.Ordinal);
                    }
                }
                catch (Exception ex)
                {
                    Assert.Fail($"case {i} ({description}): {ex.GetType().Name} instead of ScriptCompilationException: {ex}");
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        output.WriteLine($"fuzz: {Cases} scripts, {loaded} loaded, {refused} refused with file and line, {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(Cases, loaded + refused);
        Assert.True(refused >= Cases / 2, $"only {refused} refused: the mutations do not break scripts");
    }

    private static async Task<string> WriteMutantAsync(string seed, string path, Random random)
    {
        string[] lines = seed.Split('\n');
        int at = random.Next(seed.Length);
        switch (random.Next(6))
        {
            case 0:
            {
                int length = 1 + random.Next(Math.Min(20, seed.Length - at));
                await File.WriteAllTextAsync(path, seed.Remove(at, length));
                return $"deleted {length} characters at {at}";
            }

            case 1:
            {
                string token = Tokens[random.Next(Tokens.Length)];
                await File.WriteAllTextAsync(path, seed.Insert(at, token));
                return $"inserted '{token}' at {at}";
            }

            case 2:
                await File.WriteAllTextAsync(path, seed[..at]);
                return $"cut at {at}";
            case 3:
            {
                string last = LastLines[random.Next(LastLines.Length)];
                int end = Array.FindLastIndex(lines, l => l.Trim().Length > 0);
                lines[end] = last;
                await File.WriteAllTextAsync(path, string.Join('\n', lines));
                return $"last expression '{last}'";
            }

            case 4:
            {
                int line = random.Next(lines.Length);
                await File.WriteAllTextAsync(path, string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1))));
                return $"line {line + 1} doubled";
            }

            default:
            {
                byte[] bytes = Encoding.UTF8.GetBytes(seed);
                byte[][] bad = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80]];
                int offset = random.Next(bytes.Length);
                await File.WriteAllBytesAsync(path, [.. bytes[..offset], .. bad[random.Next(bad.Length)], .. bytes[offset..]]);
                return $"invalid UTF-8 at byte {offset}";
            }
        }
    }
}
