import { commandLabel, helpText, type AnyCommand } from '@ainp/db/commands';

/** docs/commands.md: every command's --help, in `ainp --help` order. */
export function renderCommandReference(commands: readonly AnyCommand[]): string {
  const sections = commands.map((command) => {
    const heading =
      command.shortForm === undefined
        ? `\`ainp ${command.name}\``
        : `\`ainp ${command.name}\` (\`${commandLabel(command)}\`)`;
    return `## ${heading}\n\n${command.summary}\n\n\`\`\`text\n${helpText(command).trimEnd()}\n\`\`\`\n`;
  });
  return `# Command reference

Generated from each command's \`--help\` by \`pnpm docs:commands\`; a test fails when this page and
the help texts differ. Every command is \`ainp <command>\`; in this workspace each also has the
short form shown, run with pnpm. Every command prints one \`error:\` line on stderr and exits 2 on
bad usage or 1 on a runtime failure, and never prints a password.

${sections.join('\n')}`;
}
