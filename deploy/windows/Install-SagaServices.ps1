<#
.SYNOPSIS
    Installs, updates or removes the Saga orchestrator and participants as Windows services.

.DESCRIPTION
    -Install  copies the published service folders to <InstallRoot>\<Service>\app, creates the services
              (SagaOrchestrator, SagaParticipants) with delayed automatic start, runs each under its virtual account
              (NT SERVICE\<name>), sets the recovery options (restart after the first and second failure, reset after a
              day, also on a non-zero exit code), restricts the folders' ACLs, and puts the settings file in place.
    -Update   for each service: stops it, moves app to app.previous, copies the new version (keeping the settings
              file), optionally runs `migrate`, starts it and waits until it runs; if it does not, restores
              app.previous and starts that again.
    -Remove   stops and deletes the services and, with -DeleteFiles, their folders.

    -Instance N (default 1) names one instance of each service, for several on one host: instance 1 is SagaOrchestrator
    and SagaParticipants in <InstallRoot>\Orchestrator and \Participants; instance N > 1 is SagaOrchestrator-N and
    SagaParticipants-N in <InstallRoot>\Orchestrator-N and \Participants-N, each with its own copy of the published
    folder, its own settings file (give each instance on the host its own Operations:Url port) and its own virtual
    account. Every action works on the one instance named; update instances one at a time, migrating with the first.
    The script sets each instance's outbox instance name (Outbox:InstanceId, <computer>-<N>) in the service's
    registry Environment value: instances of a service must not share one, and it is no secret.

    Settings and secrets: each service reads appsettings.Production.json from its app folder (the content root of a
    Windows service is its executable's folder). -SettingsFile names the file to put there; its ACL allows only
    SYSTEM, Administrators and the service's own virtual account. The registry's per-service Environment value is not
    used for secrets: any local user can read a service's registry key.

    The script supports -WhatIf and -Confirm. Run it elevated, in Windows PowerShell 5.1 or PowerShell 7.

.EXAMPLE
    dotnet publish src/SagaOrchestrator -c Release -r win-x64 --self-contained false -o out\orchestrator
    dotnet publish src/Participants     -c Release -r win-x64 --self-contained false -o out\participants
    .\Install-SagaServices.ps1 -Install -OrchestratorSource out\orchestrator -ParticipantsSource out\participants `
        -OrchestratorSettingsFile C:\secure\orchestrator.json -ParticipantsSettingsFile C:\secure\participants.json

.EXAMPLE
    .\Install-SagaServices.ps1 -Update -OrchestratorSource out\orchestrator -Migrate -WhatIf

.EXAMPLE
    # A second orchestrator on this host (its settings file with another Operations:Url port), then a rolling update.
    .\Install-SagaServices.ps1 -Install -Instance 2 -OrchestratorSource out\orchestrator -OrchestratorSettingsFile C:\secure\orchestrator-2.json
    .\Install-SagaServices.ps1 -Update -Instance 1 -OrchestratorSource out\orchestrator -Migrate -MigrateSettingsFile C:\secure\migrate.json
    .\Install-SagaServices.ps1 -Update -Instance 2 -OrchestratorSource out\orchestrator

.EXAMPLE
    .\Install-SagaServices.ps1 -Remove -DeleteFiles
#>
#Requires -Version 5.1
[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', DefaultParameterSetName = 'Install')]
param(
    [Parameter(Mandatory = $true, ParameterSetName = 'Install')]
    [switch] $Install,

    [Parameter(Mandatory = $true, ParameterSetName = 'Update')]
    [switch] $Update,

    [Parameter(Mandatory = $true, ParameterSetName = 'Remove')]
    [switch] $Remove,

    # The `dotnet publish -r win-x64` output of src/SagaOrchestrator; leave out to skip the orchestrator.
    [Parameter(ParameterSetName = 'Install')]
    [Parameter(ParameterSetName = 'Update')]
    [ValidateScript({ Test-Path -LiteralPath $_ -PathType Container })]
    [string] $OrchestratorSource,

    # The `dotnet publish -r win-x64` output of src/Participants; leave out to skip the participants.
    [Parameter(ParameterSetName = 'Install')]
    [Parameter(ParameterSetName = 'Update')]
    [ValidateScript({ Test-Path -LiteralPath $_ -PathType Container })]
    [string] $ParticipantsSource,

    # appsettings.Production.json for the orchestrator (settings and secrets); on -Update, replaces the one in use.
    [Parameter(ParameterSetName = 'Install')]
    [Parameter(ParameterSetName = 'Update')]
    [ValidateScript({ Test-Path -LiteralPath $_ -PathType Leaf })]
    [string] $OrchestratorSettingsFile,

    # appsettings.Production.json for the participants.
    [Parameter(ParameterSetName = 'Install')]
    [Parameter(ParameterSetName = 'Update')]
    [ValidateScript({ Test-Path -LiteralPath $_ -PathType Leaf })]
    [string] $ParticipantsSettingsFile,

    # Runs `<service> migrate` before the new version starts, with -MigrateSettingsFile's settings added.
    [Parameter(ParameterSetName = 'Install')]
    [Parameter(ParameterSetName = 'Update')]
    [switch] $Migrate,

    # Settings for `migrate` only, e.g. {"Orchestrator":{"Database":{"ConnectionString":"...migrator..."}}}; passed as
    # Section__Key environment variables to the migrate process alone.
    [Parameter(ParameterSetName = 'Install')]
    [Parameter(ParameterSetName = 'Update')]
    [ValidateScript({ Test-Path -LiteralPath $_ -PathType Leaf })]
    [string] $MigrateSettingsFile,

    # How long to wait for a started service to report Running.
    [Parameter(ParameterSetName = 'Install')]
    [Parameter(ParameterSetName = 'Update')]
    [ValidateRange(5, 600)]
    [int] $StartTimeoutSeconds = 90,

    [Parameter(ParameterSetName = 'Remove')]
    [switch] $DeleteFiles,

    # Which instance of each service: 1 (the default) is SagaOrchestrator / SagaParticipants, N > 1 SagaOrchestrator-N /
    # SagaParticipants-N, each in its own folder under -InstallRoot with its own settings file and virtual account.
    [ValidateRange(1, 99)]
    [int] $Instance = 1,

    [ValidateNotNullOrEmpty()]
    [string] $InstallRoot = (Join-Path $env:ProgramFiles 'Saga')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Instance 1 keeps the names the services had before instances existed; instance N > 1 gets the suffix -N.
$Suffix = if ($Instance -eq 1) { '' } else { "-$Instance" }
$InstanceLabel = if ($Instance -eq 1) { '' } else { " (instance $Instance)" }

# The participants come first: on an update, a participant that handles a new command runs before the orchestrator
# sends it. OutboxSections: the settings sections of the service's outboxes, whose
# InstanceId must differ between instances.
$Services = @(
    [pscustomobject]@{ Key = 'Participants'; Name = "SagaParticipants$Suffix"; DisplayName = "Saga participants$InstanceLabel"; Executable = 'Saga.Participants.exe'
        Description = 'Saga participants: payment, inventory, shipping.'
        OutboxSections = @('Participants__Payment__Outbox', 'Participants__Inventory__Outbox', 'Participants__Shipping__Outbox') }
    [pscustomobject]@{ Key = 'Orchestrator'; Name = "SagaOrchestrator$Suffix"; DisplayName = "Saga orchestrator$InstanceLabel"; Executable = 'Saga.SagaOrchestrator.exe'
        Description = 'Saga order orchestrator (MassTransit state machine).'
        OutboxSections = @('Orchestrator__Outbox') }
)

function Get-ServiceFolder {
    param([Parameter(Mandatory = $true)] $Service)
    Join-Path $InstallRoot "$($Service.Key)$Suffix"
}

function Set-InstanceEnvironment {
    # The outbox instance names of this instance (<computer>-<instance>), as the service's own environment variables
    # (the registry value Environment of its key, read by the service control manager at start). Not secret: the
    # registry is fine for it, unlike for passwords.
    param([Parameter(Mandatory = $true)] $Service)
    $variables = @($Service.OutboxSections | ForEach-Object { "$($_)__InstanceId=$($env:COMPUTERNAME)-$Instance" })
    New-ItemProperty -Path "HKLM:\SYSTEM\CurrentControlSet\Services\$($Service.Name)" -Name 'Environment' -PropertyType MultiString `
        -Value $variables -Force | Out-Null
}

function Get-SelectedServices {
    # The services a source folder (Install, Update) was given for, or all (Remove).
    if ($PSCmdlet.ParameterSetName -eq 'Remove') { return $Services }
    $selected = @($Services | Where-Object {
            ($_.Key -eq 'Orchestrator' -and $OrchestratorSource) -or ($_.Key -eq 'Participants' -and $ParticipantsSource)
        })
    if ($selected.Count -eq 0) { throw 'Give -OrchestratorSource and/or -ParticipantsSource.' }
    return $selected
}

function Get-Source {
    param([Parameter(Mandatory = $true)] $Service)
    if ($Service.Key -eq 'Orchestrator') { $OrchestratorSource } else { $ParticipantsSource }
}

function Get-SettingsFile {
    param([Parameter(Mandatory = $true)] $Service)
    if ($Service.Key -eq 'Orchestrator') { $OrchestratorSettingsFile } else { $ParticipantsSettingsFile }
}

function Invoke-Sc {
    # sc.exe with its exit code checked (it does not throw).
    param([Parameter(Mandatory = $true)] [string[]] $Arguments)
    $output = & sc.exe @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "sc.exe $($Arguments -join ' ') failed ($LASTEXITCODE): $output" }
}

function Set-FolderAcl {
    # Administrators and SYSTEM full control, the service's virtual account the given right; nothing inherited.
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [string] $Account,
        [Parameter(Mandatory = $true)] [System.Security.AccessControl.FileSystemRights] $Rights
    )
    $acl = New-Object System.Security.AccessControl.DirectorySecurity
    $acl.SetAccessRuleProtection($true, $false)
    $inherit = [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
    $propagate = [System.Security.AccessControl.PropagationFlags]::None
    foreach ($admin in @('BUILTIN\Administrators', 'NT AUTHORITY\SYSTEM')) {
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($admin, 'FullControl', $inherit, $propagate, 'Allow')))
    }
    $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($Account, $Rights, $inherit, $propagate, 'Allow')))
    Set-Acl -LiteralPath $Path -AclObject $acl
}

function Set-SettingsFileAcl {
    # The settings file holds secrets: readable by the service account only (and SYSTEM, Administrators).
    param([Parameter(Mandatory = $true)] [string] $Path, [Parameter(Mandatory = $true)] [string] $Account)
    $acl = New-Object System.Security.AccessControl.FileSecurity
    $acl.SetAccessRuleProtection($true, $false)
    foreach ($admin in @('BUILTIN\Administrators', 'NT AUTHORITY\SYSTEM')) {
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($admin, 'FullControl', 'Allow')))
    }
    $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($Account, 'Read', 'Allow')))
    Set-Acl -LiteralPath $Path -AclObject $acl
}

function Copy-Version {
    # Copies a published folder to <service>\app, the settings file from -SettingsFile or from the previous version.
    param([Parameter(Mandatory = $true)] $Service, [Parameter(Mandatory = $true)] [string] $Source, [string] $PreviousApp)
    $app = Join-Path (Get-ServiceFolder $Service) 'app'
    if (-not (Test-Path -LiteralPath (Join-Path $Source $Service.Executable))) {
        throw "$Source has no $($Service.Executable): pass the output of dotnet publish -r win-x64."
    }
    New-Item -ItemType Directory -Path $app -Force | Out-Null
    Copy-Item -Path (Join-Path $Source '*') -Destination $app -Recurse -Force
    $settings = Join-Path $app 'appsettings.Production.json'
    $newSettings = Get-SettingsFile $Service
    if ($newSettings) {
        Copy-Item -LiteralPath $newSettings -Destination $settings -Force
    }
    elseif ($PreviousApp -and (Test-Path -LiteralPath (Join-Path $PreviousApp 'appsettings.Production.json'))) {
        Copy-Item -LiteralPath (Join-Path $PreviousApp 'appsettings.Production.json') -Destination $settings -Force
    }
    $account = "NT SERVICE\$($Service.Name)"
    Set-FolderAcl -Path (Get-ServiceFolder $Service) -Account $account -Rights 'ReadAndExecute'
    if (Test-Path -LiteralPath $settings) { Set-SettingsFileAcl -Path $settings -Account $account }
}

function Invoke-Migrate {
    # `<service> migrate` in the app folder, with the migrator's settings added for this process only.
    param([Parameter(Mandatory = $true)] $Service)
    $app = Join-Path (Get-ServiceFolder $Service) 'app'
    $start = New-Object System.Diagnostics.ProcessStartInfo
    $start.FileName = Join-Path $app $Service.Executable
    $start.Arguments = 'migrate'
    $start.WorkingDirectory = $app
    $start.UseShellExecute = $false
    $start.EnvironmentVariables['DOTNET_ENVIRONMENT'] = 'Production'
    if ($MigrateSettingsFile) {
        # Flattened to Section__Key variables, which .NET configuration reads over the settings file.
        $json = Get-Content -LiteralPath $MigrateSettingsFile -Raw | ConvertFrom-Json
        foreach ($pair in (ConvertTo-EnvironmentVariables -Node $json -Prefix '')) {
            $start.EnvironmentVariables[$pair.Name] = $pair.Value
        }
    }
    $process = [System.Diagnostics.Process]::Start($start)
    $process.WaitForExit()
    if ($process.ExitCode -ne 0) { throw "$($Service.Executable) migrate exited with $($process.ExitCode)." }
}

function ConvertTo-EnvironmentVariables {
    param([Parameter(Mandatory = $true)] $Node, [string] $Prefix)
    foreach ($property in $Node.PSObject.Properties) {
        $name = if ($Prefix) { "${Prefix}__$($property.Name)" } else { $property.Name }
        if ($property.Value -is [System.Management.Automation.PSCustomObject]) {
            ConvertTo-EnvironmentVariables -Node $property.Value -Prefix $name
        }
        else {
            [pscustomobject]@{ Name = $name; Value = [string]$property.Value }
        }
    }
}

function Wait-ServiceRunning {
    param([Parameter(Mandatory = $true)] [string] $Name)
    $service = Get-Service -Name $Name
    try {
        $service.WaitForStatus('Running', [TimeSpan]::FromSeconds($StartTimeoutSeconds))
        return $true
    }
    catch [System.ServiceProcess.TimeoutException] {
        return $false
    }
}

function Install-SagaService {
    param([Parameter(Mandatory = $true)] $Service)
    if (Get-Service -Name $Service.Name -ErrorAction SilentlyContinue) {
        throw "$($Service.Name) exists already: use -Update, or -Remove first."
    }
    if (-not $PSCmdlet.ShouldProcess($Service.Name, "Install into $(Get-ServiceFolder $Service)")) { return }

    Copy-Version -Service $Service -Source (Get-Source $Service)
    $binary = '"{0}" run' -f (Join-Path (Join-Path (Get-ServiceFolder $Service) 'app') $Service.Executable)
    New-Service -Name $Service.Name -DisplayName $Service.DisplayName -Description $Service.Description `
        -BinaryPathName $binary -StartupType Automatic | Out-Null

    # Its own virtual account (no password, no rights but those granted on its folders), delayed automatic start.
    Invoke-Sc @('config', $Service.Name, 'obj=', "NT SERVICE\$($Service.Name)", 'start=', 'delayed-auto')
    # Restart 5 s after the first failure, 30 s after the second, then stay stopped; forget failures after a day.
    Invoke-Sc @('failure', $Service.Name, 'reset=', '86400', 'actions=', 'restart/5000/restart/30000/""/0')
    # Count an exit with a non-zero code (a crash or a failed start) as a failure too, not only a process crash.
    Invoke-Sc @('failureflag', $Service.Name, '1')
    Set-InstanceEnvironment -Service $Service

    if ($Migrate) { Invoke-Migrate -Service $Service }
    Start-Service -Name $Service.Name
    if (-not (Wait-ServiceRunning -Name $Service.Name)) {
        throw "$($Service.Name) did not reach Running within $StartTimeoutSeconds s: see the Application event log."
    }
    Write-Verbose "$($Service.Name) installed and running."
}

function Update-SagaService {
    param([Parameter(Mandatory = $true)] $Service)
    if (-not (Get-Service -Name $Service.Name -ErrorAction SilentlyContinue)) {
        throw "$($Service.Name) is not installed: use -Install."
    }
    if (-not $PSCmdlet.ShouldProcess($Service.Name, 'Stop, replace with the new version, start (rolling back if it does not start)')) { return }

    $folder = Get-ServiceFolder $Service
    $app = Join-Path $folder 'app'
    $previous = Join-Path $folder 'app.previous'

    Stop-Service -Name $Service.Name
    if (Test-Path -LiteralPath $previous) { Remove-Item -LiteralPath $previous -Recurse -Force }
    Move-Item -LiteralPath $app -Destination $previous
    try {
        Copy-Version -Service $Service -Source (Get-Source $Service) -PreviousApp $previous
        # Also for services installed before instances existed.
        Set-InstanceEnvironment -Service $Service
        if ($Migrate) { Invoke-Migrate -Service $Service }
        Start-Service -Name $Service.Name
        if (-not (Wait-ServiceRunning -Name $Service.Name)) {
            throw "$($Service.Name) did not reach Running within $StartTimeoutSeconds s."
        }
        Write-Verbose "$($Service.Name) updated; the previous version is in $previous."
    }
    catch {
        Write-Warning "$($Service.Name): $($_.Exception.Message) Rolling back to the previous version."
        Stop-Service -Name $Service.Name -ErrorAction SilentlyContinue
        if (Test-Path -LiteralPath $app) { Remove-Item -LiteralPath $app -Recurse -Force }
        Move-Item -LiteralPath $previous -Destination $app
        Start-Service -Name $Service.Name
        throw
    }
}

function Remove-SagaService {
    param([Parameter(Mandatory = $true)] $Service)
    $existing = Get-Service -Name $Service.Name -ErrorAction SilentlyContinue
    if ($existing -and $PSCmdlet.ShouldProcess($Service.Name, 'Stop and delete the service')) {
        if ($existing.Status -ne 'Stopped') { Stop-Service -Name $Service.Name -Force }
        Invoke-Sc @('delete', $Service.Name)
    }
    $folder = Get-ServiceFolder $Service
    if ($DeleteFiles -and (Test-Path -LiteralPath $folder) -and $PSCmdlet.ShouldProcess($folder, 'Delete the folder, settings included')) {
        Remove-Item -LiteralPath $folder -Recurse -Force
    }
}

$principal = New-Object System.Security.Principal.WindowsPrincipal([System.Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $WhatIfPreference -and -not $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'Run this script elevated (as Administrator).'
}
if ($Migrate -and -not $MigrateSettingsFile) {
    Write-Warning '-Migrate without -MigrateSettingsFile migrates with the service''s own login, which needs DDL rights.'
}

foreach ($service in (Get-SelectedServices)) {
    switch ($PSCmdlet.ParameterSetName) {
        'Install' { Install-SagaService -Service $service }
        'Update' { Update-SagaService -Service $service }
        'Remove' { Remove-SagaService -Service $service }
    }
}
