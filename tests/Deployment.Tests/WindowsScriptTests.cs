using System.Management.Automation;
using System.Management.Automation.Language;
using Saga.TestInfrastructure;

namespace Saga.Deployment.Tests;

/// <summary>
/// <c>deploy/windows/Install-SagaServices.ps1</c> without Windows: parsed by PowerShell's own parser
/// (<c>System.Management.Automation</c>, which loads on Linux) to prove it has no syntax error, and read through its
/// syntax tree for the parameter sets, <c>-WhatIf</c> support, functions and service settings an operator relies on.
/// It has not run against a real service control manager here.
/// </summary>
public sealed class WindowsScriptTests
{
    static ScriptBlockAst Parse(string path, out ParseError[] errors) => Parser.ParseFile(path, out _, out errors);

    static ScriptBlockAst Script()
    {
        var ast = Parse(DeployFiles.Path("windows/Install-SagaServices.ps1"), out var errors);
        Assert.That(errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}"), Is.Empty);
        return ast;
    }

    static ParameterAst Parameter(ScriptBlockAst script, string name) =>
        script.ParamBlock.Parameters.Single(p => p.Name.VariablePath.UserPath == name);

    /// <summary>The parameter sets a parameter is in, from its [Parameter(ParameterSetName = ...)] attributes.</summary>
    static List<string> ParameterSets(ParameterAst parameter) =>
        parameter.Attributes.OfType<AttributeAst>()
            .Where(a => a.TypeName.Name == "Parameter")
            .SelectMany(a => a.NamedArguments.Where(n => n.ArgumentName == "ParameterSetName"))
            .Select(n => (string)((StringConstantExpressionAst)n.Argument).Value)
            .ToList();

    [Test]
    public void Parses_without_errors() => Script();

    [Test]
    public void The_parser_check_reports_a_broken_script()
    {
        var broken = Path.GetTempFileName() + ".ps1";
        File.WriteAllText(broken, File.ReadAllText(DeployFiles.Path("windows/Install-SagaServices.ps1")).Replace("function Invoke-Sc {", "function Invoke-Sc {{", StringComparison.Ordinal));
        try
        {
            Parse(broken, out var errors);
            Assert.That(errors, Is.Not.Empty);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Test]
    public void Supports_WhatIf_and_has_the_Install_Update_and_Remove_parameter_sets()
    {
        var script = Script();
        var binding = script.ParamBlock.Attributes.Single(a => a.TypeName.Name == "CmdletBinding");

        Assert.Multiple(() =>
        {
            Assert.That(binding.NamedArguments.Select(n => n.ArgumentName), Does.Contain("SupportsShouldProcess"));
            Assert.That(binding.NamedArguments.Single(n => n.ArgumentName == "SupportsShouldProcess").Argument.Extent.Text, Is.EqualTo("$true"));
            Assert.That(ParameterSets(Parameter(script, "Install")), Is.EqualTo(new[] { "Install" }));
            Assert.That(ParameterSets(Parameter(script, "Update")), Is.EqualTo(new[] { "Update" }));
            Assert.That(ParameterSets(Parameter(script, "Remove")), Is.EqualTo(new[] { "Remove" }));
            foreach (var source in new[] { "OrchestratorSource", "ParticipantsSource", "OrchestratorSettingsFile", "ParticipantsSettingsFile", "Migrate" })
                Assert.That(ParameterSets(Parameter(script, source)), Is.EquivalentTo(new[] { "Install", "Update" }), source);
            Assert.That(ParameterSets(Parameter(script, "DeleteFiles")), Is.EqualTo(new[] { "Remove" }));
            Assert.That(Parameter(script, "InstallRoot"), Is.Not.Null);
        });
    }

    [Test]
    public void Defines_the_functions_it_calls()
    {
        var script = Script();
        var defined = script.FindAll(a => a is FunctionDefinitionAst, true).Cast<FunctionDefinitionAst>().Select(f => f.Name).ToHashSet();
        var called = script.FindAll(a => a is CommandAst, true).Cast<CommandAst>()
            .Select(c => c.GetCommandName())
            .Where(name => name is not null && name.Contains('-', StringComparison.Ordinal) && !IsBuiltIn(name))
            .ToHashSet();

        Assert.That(defined, Is.SupersetOf(new[] { "Install-SagaService", "Update-SagaService", "Remove-SagaService", "Copy-Version", "Set-FolderAcl", "Invoke-Migrate" }));
        Assert.That(called, Is.SubsetOf(defined), "every script-level command it calls is one of its functions or a built-in cmdlet");
    }

    [Test]
    public void Configures_recovery_delayed_start_and_a_virtual_account_with_sc_exe()
    {
        var script = Script();
        var sc = script.FindAll(a => a is CommandAst c && c.GetCommandName() == "Invoke-Sc", true).Cast<CommandAst>()
            .Select(c => c.Extent.Text)
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(sc, Has.Some.Contains("'failure'").And.Contains("'reset='").And.Contains("restart/5000/restart/30000"));
            Assert.That(sc, Has.Some.Contains("'failureflag'"));
            Assert.That(sc, Has.Some.Contains("'delayed-auto'").And.Contains("NT SERVICE\\"));
            Assert.That(script.Extent.Text, Does.Contain("New-Service"));
            Assert.That(script.Extent.Text, Does.Contain("ShouldProcess"));
        });
    }

    // Cmdlets of PowerShell itself that the script uses (Microsoft.PowerShell.Management, .Utility, .Security).
    static bool IsBuiltIn(string name) => name is "Set-StrictMode" or "Join-Path" or "Test-Path" or "New-Item" or "Copy-Item" or "Move-Item" or "Remove-Item"
        or "Get-Service" or "New-Service" or "Start-Service" or "Stop-Service" or "Set-Acl" or "Get-Content" or "ConvertFrom-Json"
        or "Where-Object" or "ForEach-Object" or "Out-Null" or "New-Object" or "Write-Verbose" or "Write-Warning" or "New-ItemProperty";

    [Test]
    public void Names_an_instance_in_every_action_and_keeps_the_first_instances_names()
    {
        var script = Script();
        var instance = Parameter(script, "Instance");
        var range = instance.Attributes.OfType<AttributeAst>().Single(a => a.TypeName.Name == "ValidateRange");

        Assert.Multiple(() =>
        {
            Assert.That(ParameterSets(instance), Is.Empty, "in every parameter set: Install, Update and Remove");
            Assert.That(instance.StaticType, Is.EqualTo(typeof(int)));
            Assert.That(instance.DefaultValue?.Extent.Text, Is.EqualTo("1"));
            Assert.That(range.PositionalArguments.Select(argument => argument.Extent.Text), Is.EqualTo(new[] { "1", "99" }));
            // Instance 1: the names from before instances; N > 1: the suffix -N on the service and its folder.
            Assert.That(script.Extent.Text, Does.Contain("$Suffix = if ($Instance -eq 1) { '' } else { \"-$Instance\" }"));
            Assert.That(script.Extent.Text, Does.Contain("Name = \"SagaOrchestrator$Suffix\"").And.Contain("Name = \"SagaParticipants$Suffix\""));
            Assert.That(script.Extent.Text, Does.Contain("Join-Path $InstallRoot \"$($Service.Key)$Suffix\""));
        });
    }

    [Test]
    public void Gives_every_outbox_of_an_instance_its_own_instance_name_through_real_settings()
    {
        var script = Script();
        var sections = script.FindAll(a => a is StringConstantExpressionAst { Value: var value } && value.EndsWith("__Outbox", StringComparison.Ordinal), true)
            .Cast<StringConstantExpressionAst>()
            .Select(constant => constant.Value)
            .ToList();
        var environmentWrites = script.FindAll(a => a is CommandAst c && c.GetCommandName() == "New-ItemProperty", true).Select(c => c.Extent.Text).ToList();
        var callers = script.FindAll(a => a is CommandAst c && c.GetCommandName() == "Set-InstanceEnvironment", true)
            .Select(EnclosingFunction)
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(sections, Is.EquivalentTo(new[] { "Orchestrator__Outbox", "Participants__Payment__Outbox", "Participants__Inventory__Outbox", "Participants__Shipping__Outbox" }));
            foreach (var section in sections)
                Assert.That(KnownSettings.IsEnvironmentVariable(section + "__InstanceId"), Is.True, section);
            Assert.That(environmentWrites, Has.Exactly(1).Contains("CurrentControlSet\\Services\\").And.Contains("'Environment'").And.Contains("MultiString"));
            Assert.That(callers, Is.EquivalentTo(new[] { "Install-SagaService", "Update-SagaService" }));
        });
    }

    static string? EnclosingFunction(Ast ast)
    {
        for (var parent = ast.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is FunctionDefinitionAst function)
                return function.Name;
        }

        return null;
    }

    [Test]
    public void Has_no_parser_errors_in_the_tokens_PowerShell_itself_would_reject()
    {
        // Beyond syntax: the script block can be created (as PowerShell does before running it), so attributes,
        // parameter sets and the param block are well formed for the engine, not only for the parser.
        var script = Script();
        Assert.That(() => script.GetScriptBlock(), Throws.Nothing);
        Assert.That(script.GetScriptBlock(), Is.InstanceOf<ScriptBlock>());
    }
}
