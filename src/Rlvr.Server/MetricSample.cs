namespace Rlvr.Server;

/// <summary>One gauge value for <c>/metrics</c>, in the Prometheus text format.</summary>
/// <param name="Name">The metric name (<c>rlvr_...</c>).</param>
/// <param name="Help">The <c># HELP</c> text, written once per name.</param>
/// <param name="Labels">Label names and values of this sample.</param>
/// <param name="Value">The value.</param>
public sealed record MetricSample(string Name, string Help, IReadOnlyDictionary<string, string> Labels, double Value);
