namespace Rlvr.Analyzers.Tests.Infrastructure;

/// <summary>The usings every test source gets, so snippets show only the code under test.</summary>
public static class GlobalUsings
{
    public const string Source = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Text.RegularExpressions;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Rlvr.Core;
        global using Rlvr.Core.Extraction;
        global using Rlvr.Core.Sandboxing;
        """;
}
