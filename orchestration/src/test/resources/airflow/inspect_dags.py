"""Reads rendered DAG files without Airflow: parses and compiles each, then prints one JSON
object per file with its imports, the DAG's keyword arguments, its tasks and its `a >> b` edges.
Usage: python3 inspect_dags.py FILE..."""
import ast
import json
import py_compile
import sys


def literal(node):
    try:
        return ast.literal_eval(node)
    except ValueError:
        return ast.unparse(node)


def task_key(node):
    # tasks["id"]
    if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
            and node.value.id == "tasks" and isinstance(node.slice, ast.Constant)):
        return node.slice.value
    raise SystemExit("not a tasks[...] reference: " + ast.unparse(node))


def inspect(path):
    source = open(path, encoding="utf-8").read()
    tree = ast.parse(source, filename=path)
    py_compile.compile(path, doraise=True, cfile=path + "c")
    out = {"file": path, "imports": [], "dag": {}, "tasks": {}, "edges": [], "constants": {}}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out["imports"] += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out["imports"].append(node.module)
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            out["constants"][node.targets[0].id] = literal(node.value)
        if isinstance(node, ast.With):
            call = node.items[0].context_expr
            out["dag"]["callee"] = ast.unparse(call.func)
            for kw in call.keywords:
                if kw.arg == "start_date":
                    out["dag"]["start_date"] = ast.unparse(kw.value)
                    out["dag"]["tz"] = next(k.value.value for k in kw.value.keywords if k.arg == "tz")
                elif kw.arg == "default_args":
                    d = {}
                    for k, v in zip(kw.value.keys, kw.value.values):
                        d[k.value] = literal(v)
                    out["dag"]["default_args"] = d
                elif kw.arg == "params":
                    out["dag"]["params"] = {k.value: literal(v.args[0]) for k, v in zip(kw.value.keys, kw.value.values)}
                else:
                    out["dag"][kw.arg] = literal(kw.value)
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
                    key = task_key(stmt.targets[0])
                    kws = {kw.arg: literal(kw.value) for kw in stmt.value.keywords}
                    kws["operator"] = ast.unparse(stmt.value.func)
                    out["tasks"][key] = kws
                elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.BinOp) \
                        and isinstance(stmt.value.op, ast.RShift):
                    out["edges"].append([task_key(stmt.value.left), task_key(stmt.value.right)])
    return out


for f in sys.argv[1:]:
    print(json.dumps(inspect(f), ensure_ascii=False))
