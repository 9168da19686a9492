// Language server entry point (wired up in server/src/lsp).
import { tuneJavaScriptEngine } from './engine-tuning';
import { startServer } from './lsp/server';

tuneJavaScriptEngine();
startServer();
