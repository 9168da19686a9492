// The client only starts the language server; all analysis happens there.
import * as path from 'path';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'iptables' },
      { language: 'nftables' },
      { language: 'pf' },
      { language: 'shellscript' },
    ],
  };
  client = new LanguageClient('fwlint', 'fwlint', serverOptions, clientOptions);
  await client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
