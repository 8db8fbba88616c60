using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers;

/// <summary>RLVR1xxx: reward correctness.</summary>
internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor RLVR1001_ContainmentAsCorrectness = Create(
        "RLVR1001",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Containment used as answer correctness",
        "'{0}' decides correctness by containment between the completion and the reference; extract one final answer and compare it for equality",
        "A completion that lists every option, or repeats the reference anywhere, passes a containment check. Extract one final answer and compare it for equality.");

    public static readonly DiagnosticDescriptor RLVR1002_JudgeVerdictBySubstring = Create(
        "RLVR1002",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Judge verdict found by substring",
        "{0}",
        "A judge reply such as \"not correct\" or \"Is it correct? No\" contains the word searched for. Parse one anchored verdict line.");

    public static readonly DiagnosticDescriptor RLVR1003_RewardFailsOpen = Create(
        "RLVR1003",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Reward fails open",
        "The maximum reward is returned when {0}; return Reward.Unscorable or Reward.InfraError (or the minimum) instead",
        "A reward that passes when the reference is missing, a lookup fails or an exception is caught rewards broken data and crashes. Fail closed.");

    public static readonly DiagnosticDescriptor RLVR1004_UnhandledCasePasses = Create(
        "RLVR1004",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Unhandled case passes",
        "The fallback case of this dispatch returns a pass; an unknown kind should throw or be Unscorable",
        "When a dispatch over constraint or task kinds passes unknown kinds, every unimplemented check silently passes.");

    public static readonly DiagnosticDescriptor RLVR1005_VacuousPassOnEmpty = Create(
        "RLVR1005",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Vacuous pass on empty tests",
        "'{0}' passes when '{1}' is empty and nothing checks that it is not; treat an empty collection as Unscorable",
        "All(...) over an empty collection is true, passed == total is 0 == 0, !Any(failed) is true: a problem without tests scores full marks.");

    public static readonly DiagnosticDescriptor RLVR1006_RewardReadsPrompt = Create(
        "RLVR1006",
        Categories.Correctness,
        DiagnosticSeverity.Warning,
        "Reward reads the prompt",
        "Prompt text is combined with the completion before '{0}'; extract and match from the completion only",
        "When the prompt is searched together with the completion, the answer can be found in the prompt (or in an echo of it).");

    public static readonly DiagnosticDescriptor RLVR1007_ExtractorFallsBackToCompletion = Create(
        "RLVR1007",
        Categories.Correctness,
        DiagnosticSeverity.Warning,
        "Extractor falls back to the whole completion",
        "When no answer is found, {0} returns the whole completion as the answer; return \"no answer\" instead",
        "An extractor that returns the whole text when its pattern is missing lets an unformatted completion be compared as the answer.");

    public static readonly DiagnosticDescriptor RLVR1008_ExitCodeAlone = Create(
        "RLVR1008",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Code reward from exit code alone",
        "The reward is decided from '{0}' and the program's output is never compared; compare outputs per test",
        "A program that calls exit(0), or prints nothing, passes a check of the exit code alone.");

    public static readonly DiagnosticDescriptor RLVR1009_ZipTruncates = Create(
        "RLVR1009",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Zip truncates the comparison",
        "'{0}' over Zip stops at the shorter sequence and nothing compares the lengths; use SequenceEqual or check the counts",
        "Zip pairs elements up to the shorter sequence: an output with fewer lines (or none) than expected passes.");

    public static readonly DiagnosticDescriptor RLVR1010_RewardIgnoresCompletion = Create(
        "RLVR1010",
        Categories.Correctness,
        DiagnosticSeverity.Warning,
        "Reward ignores the completion",
        "'{0}' {1}; implement the check, or name the completion parameter '_' to mark an intentional baseline",
        "A reward that does not read the completion gives every answer the same score and teaches nothing.");

    public static readonly DiagnosticDescriptor RLVR1011_ReferenceReachesPrompt = Create(
        "RLVR1011",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Reference data reaches the prompt",
        "Reference member '{0}' is used while rendering the prompt; the model would see the answer",
        "Members marked [Reference] (the gold answer, tests, solutions) must never reach the prompt.");

    public static readonly DiagnosticDescriptor RLVR1012_LooseFormatRegex = Create(
        "RLVR1012",
        Categories.Correctness,
        DiagnosticSeverity.Warning,
        "Format regex too loose",
        "{0}",
        "Format checks built on regular expressions often miss multi-line answers ('.' without Singleline) or accept text around the tags (IsMatch without anchors).");

    public static readonly DiagnosticDescriptor RLVR1013_FirstMatchAsFinalAnswer = Create(
        "RLVR1013",
        Categories.Correctness,
        DiagnosticSeverity.Info,
        "First match taken as final answer",
        "'{0}' takes the first occurrence in the completion as the final answer; the model's final answer is usually the last",
        "Reasoning models restate candidates before concluding; the first match is often an intermediate value.");

    public static readonly DiagnosticDescriptor RLVR1014_FloatingPointEquality = Create(
        "RLVR1014",
        Categories.Correctness,
        DiagnosticSeverity.Warning,
        "Floating-point equality",
        "'{0}' compares floating-point values exactly; compare with a tolerance",
        "0.1 + 0.2 != 0.3: an exactly computed answer can fail an exact comparison.");

    public static readonly DiagnosticDescriptor RLVR1015_RewardOutOfRange = Create(
        "RLVR1015",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Reward may be non-finite or out of range",
        "{0}",
        "Rewards must be finite and in [0, 1]; NaN or infinity poisons a whole batch's advantages.");

    public static readonly DiagnosticDescriptor RLVR1016_NumberComparedAsText = Create(
        "RLVR1016",
        Categories.Correctness,
        DiagnosticSeverity.Warning,
        "Number compared as text",
        "{0}; parse both sides with CultureInfo.InvariantCulture and compare the values",
        "\"1.50\", \"1.5\" and \"3/2\" are the same number; TrimEnd('0') turns \"10\" into \"1\".");

    public static readonly DiagnosticDescriptor RLVR1017_BatchRewardsMisaligned = Create(
        "RLVR1017",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Batch rewards misaligned",
        "'{0}' can skip an item ({1}), so later rewards shift onto the wrong completions; assign into a pre-sized array by index",
        "A batch scorer that appends results and skips an item on an error returns rewards for the wrong completions.");
}
