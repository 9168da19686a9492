-- Headless Neovim (0.7+) as a second real LSP client: opens a file, starts
-- `fwlint lsp --stdio`, waits for diagnostics, asks for code actions and a
-- hover, and writes what it received as JSON for the test to check.
local out_path = os.getenv('FWLINT_NVIM_OUT')
local file = os.getenv('FWLINT_NVIM_FILE')
local cmd = vim.fn.json_decode(os.getenv('FWLINT_NVIM_CMD'))

local function finish(result)
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local published = nil
local client_id = vim.lsp.start_client({
  name = 'fwlint',
  cmd = cmd,
  root_dir = vim.fn.fnamemodify(file, ':h'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result and #result.diagnostics > 0 then published = result end
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
if not client_id then
  finish({ error = 'start_client failed' })
  return
end
vim.lsp.buf_attach_client(buf, client_id)

local got = vim.wait(30000, function() return published ~= nil end, 50)
if not got then
  finish({ error = 'no diagnostics within 30 s' })
  return
end

-- Ask for code actions on the FTP001 finding (the port-21 rule), as a user would there.
local first = published.diagnostics[1]
for _, d in ipairs(published.diagnostics) do
  if d.code == 'FTP001' then first = d end
end
local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = first.range,
  context = { diagnostics = published.diagnostics },
}, 15000)
local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = first.range.start,
}, 15000)

local function results(responses)
  local list = {}
  for _, response in pairs(responses or {}) do
    if response.result then table.insert(list, response.result) end
  end
  return list
end

finish({ diagnostics = published.diagnostics, actions = results(actions), hover = results(hover) })
