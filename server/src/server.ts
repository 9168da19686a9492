// Language server entry point (wired up in server/src/lsp).
import { startServer } from './lsp/server';

startServer();
