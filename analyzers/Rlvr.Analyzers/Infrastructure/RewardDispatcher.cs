using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Rlvr.Analyzers.Infrastructure;

/// <summary>
/// Reward-operation actions of one or more rules, registered with the driver as one operation-block start
/// action: the block's reward scope is decided once, and each operation goes to the actions of its kind.
/// </summary>
internal sealed class RewardDispatcher
{
    private readonly Dictionary<OperationKind, List<Action<OperationAnalysisContext>>> actions = new();

    /// <summary>Adds an action for operations of the given kinds.</summary>
    public void Add(Action<OperationAnalysisContext> action, IEnumerable<OperationKind> kinds)
    {
        foreach (var kind in kinds)
        {
            if (!actions.TryGetValue(kind, out var list))
            {
                list = new List<Action<OperationAnalysisContext>>();
                actions.Add(kind, list);
            }

            list.Add(action);
        }
    }

    /// <summary>Registers the collected actions with the compilation (nothing when there are none).</summary>
    public void RegisterWith(CompilationStartAnalysisContext context, RewardContext reward)
    {
        if (actions.Count == 0)
        {
            return;
        }

        var table = actions.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
        var kinds = table.Keys.ToImmutableArray();
        void Run(OperationAnalysisContext c)
        {
            foreach (var action in table[c.Operation.Kind])
            {
                action(c);
            }
        }

        context.RegisterOperationBlockStartAction(block =>
        {
            switch (reward.ScopeOf(block.OwningSymbol))
            {
                case RewardScope.Member:
                    block.RegisterOperationAction(Run, kinds);
                    break;
                case RewardScope.LambdasOnly:
                    block.RegisterOperationAction(
                        c =>
                        {
                            if (reward.IsInRewardLambda(c.Operation))
                            {
                                Run(c);
                            }
                        },
                        kinds);
                    break;
            }
        });
    }
}
