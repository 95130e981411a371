"""The planner's workbench: `supplysim serve [WORKSPACE]`, a local web app over a folder of scenarios and results.

The last stage (docs/DEVELOPING.md): it may import every stage above and nothing imports it; the
CLI gets its server from the composition root (`sim._web_workbench`), so `import sim` never loads
it. Standard library HTTP server + Jinja2 pages + a little vanilla JS, every asset in the package
(docs/WEB.md says why). Modules: `workspace` (the only paths it reads or writes), `security` (token,
same-origin, CSRF), `forms` (the key-parameter form from the JSON Schema, save as variant), `saving` (atomic saves of
edited text, never over a file the workbench did not write),
`jobs` + `job` (runs in background processes through the Python API), `views` (what a results
folder shows, two runs side by side), `app` (routes), `server` (binding and the printed URL).
"""
