
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'cosmo-s3' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'cosmo-s3'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'cosmo-s3' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate S3 settings against the schemas and the rule catalogue')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Show every S3 client a component builds and what it will really use')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Rewrite legacy configs into the new shape (prints a diff unless --write)')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Work out the credentials a component would obtain and try a read-only HeadBucket')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema (draft 2020-12) of a component''s S3 settings')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a rule: what it checks, why, an example, and how safe its fix is')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cosmo-s3;check' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'What the files are; `auto` judges by name, folder and content')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Variables for `${NAME}` in router YAML, read with the component''s env rules (repeatable, later files win)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Which Cosmo release behaviour to judge against')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Drop a rule by code or name (repeatable)')
            [CompletionResult]::new('--env-from-process', '--env-from-process', [CompletionResultType]::ParameterName, 'Also use the process environment for `${NAME}` (after --env-file files)')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Exit 1 on warnings too')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cosmo-s3;resolve' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'What the files are; `auto` judges by name, folder and content')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Variables for `${NAME}` in router YAML, read with the component''s env rules (repeatable, later files win)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Which Cosmo release behaviour to judge against')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--env-from-process', '--env-from-process', [CompletionResultType]::ParameterName, 'Also use the process environment for `${NAME}` (after --env-file files)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cosmo-s3;migrate' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'What the files are; `auto` judges by name, folder and content')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Variables for `${NAME}` in router YAML, read with the component''s env rules (repeatable, later files win)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Which Cosmo release behaviour to judge against')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--env-from-process', '--env-from-process', [CompletionResultType]::ParameterName, 'Also use the process environment for `${NAME}` (after --env-file files)')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Apply the fixes to the files (safe ones, plus unsafe ones with --unsafe-fixes)')
            [CompletionResult]::new('--unsafe-fixes', '--unsafe-fixes', [CompletionResultType]::ParameterName, 'Include fixes that change behaviour to repair a bug')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Exit 1 when the chosen fixes would change something; write nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cosmo-s3;probe' {
            [CompletionResult]::new('--router', '--router', [CompletionResultType]::ParameterName, 'Probe the router''s S3 providers from this config YAML')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Only this router provider id')
            [CompletionResult]::new('--controlplane', '--controlplane', [CompletionResultType]::ParameterName, 'Probe the controlplane''s primary (and failover) storage from this env file')
            [CompletionResult]::new('--cdn', '--cdn', [CompletionResultType]::ParameterName, 'Probe the cdn-server''s storage from this env file')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Extra variables, read with the component''s env rules (repeatable, later files win)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Which Cosmo release behaviour to model')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound the whole probe, in seconds')
            [CompletionResult]::new('--sts-endpoint', '--sts-endpoint', [CompletionResultType]::ParameterName, 'STS endpoint for web identity (testing)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Resolve the chain without network and print the request; send nothing')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Use only credential sources that need no network (static, environment, token files)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cosmo-s3;schema' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cosmo-s3;explain' {
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List every rule with its code, name and default severity')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cosmo-s3;completions' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log more on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cosmo-s3;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate S3 settings against the schemas and the rule catalogue')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Show every S3 client a component builds and what it will really use')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Rewrite legacy configs into the new shape (prints a diff unless --write)')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Work out the credentials a component would obtain and try a read-only HeadBucket')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema (draft 2020-12) of a component''s S3 settings')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a rule: what it checks, why, an example, and how safe its fix is')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cosmo-s3;help;check' {
            break
        }
        'cosmo-s3;help;resolve' {
            break
        }
        'cosmo-s3;help;migrate' {
            break
        }
        'cosmo-s3;help;probe' {
            break
        }
        'cosmo-s3;help;schema' {
            break
        }
        'cosmo-s3;help;explain' {
            break
        }
        'cosmo-s3;help;completions' {
            break
        }
        'cosmo-s3;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
