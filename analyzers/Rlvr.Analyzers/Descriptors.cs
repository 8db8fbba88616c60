using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers;

/// <summary>
/// Every diagnostic the Rlvr analyzers report. One file per category range
/// (Descriptors.Rlvr1xxx.cs, Descriptors.Rlvr2xxx.cs, ...); the meta-test finds the fields by reflection.
/// </summary>
internal static partial class Descriptors
{
    /// <summary>Where each rule's documentation page lives (under the repository's RepositoryUrl); the ID is the file name.</summary>
    public const string HelpLinkBase = RepositoryInfo.Url + "/blob/" + RepositoryInfo.Branch + "/analyzers/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(
        string id,
        string category,
        DiagnosticSeverity severity,
        string title,
        string messageFormat,
        string description) =>
        new(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLink(id));
}
