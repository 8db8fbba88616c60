using Rlvr.Core;
using Rlvr.Environments.Code.Agent;
using Rlvr.Environments.Code.CSharp;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;

[assembly: RlvrEnvironments(typeof(Rlvr.Environments.Code.CodeEnvironmentCatalog))]

namespace Rlvr.Environments.Code;

/// <summary>
/// Registers the <c>code/*</c> environments with the fields of <see cref="CodeOptions"/> as options, in snake_case
/// (docs/configuration.md).
/// </summary>
public sealed class CodeEnvironmentCatalog : IEnvironmentCatalog
{
    /// <inheritdoc />
    public void Register(EnvironmentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .Add("code/python", o => new PythonFunctionEnvironment(Bind(o)))
            .Add("code/humaneval", o => new HumanEvalEnvironment(Bind(o)))
            .Add("code/mbpp", o => new MbppEnvironment(Bind(o)))
            .Add("code/stdio", o => new StdioEnvironment(Bind(o)))
            .Add("code/csharp", o => new CSharpEnvironment(Bind(o)))
            .Add("code/agent", o => new CodeAgentEnvironment(Bind(o)));
    }

    /// <summary>The code options bound from the host's options (defaults: <see cref="CodeOptions.Default"/>).</summary>
    /// <param name="options">The host's options.</param>
    public static CodeOptions Bind(EnvironmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var d = CodeOptions.Default;
        return d with
        {
            PartialCredit = options.GetBoolean("partial_credit", d.PartialCredit),
            TestTimeLimit = options.GetSeconds("test_time_limit", d.TestTimeLimit, 0.1, 600),
            MaxRunTime = options.GetSeconds("max_run_time", d.MaxRunTime, 1, 3600),
            CompileTimeLimit = options.GetSeconds("compile_time_limit", d.CompileTimeLimit, 1, 600),
            ExtendedTests = options.GetInt32("extended_tests", d.ExtendedTests, 0, 1000),
            MemoryBytes = options.GetInt64("memory_mb", d.MemoryBytes >> 20, 64, 65_536) << 20,
            PythonImage = options.GetString("python_image", d.PythonImage),
            DotnetImage = options.GetString("dotnet_image", d.DotnetImage),
        };
    }
}
