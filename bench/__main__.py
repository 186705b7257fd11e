"""`make bench`: the batch jobs of a demo centre, with figures.

    python -m bench [--clients 10000] [--sqlite-clients N] [--only JOB...]

Creates the database `bench_<clients>` (PostgreSQL when
TRYTOND_DATABASE__URI says so, as `make bench` does) with the demo centre,
then runs each job in a process of its own and prints a table: job, size,
seconds, rows/s, peak memory of the process. The last line compares
billing_run with its peer, Tryton's own sale_subscription path (the job
`peer`, run last as it activates sale_subscription in the database).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# peer (Tryton's sale_subscription) comes last: it activates the sale
# modules in the database and posts invoices, which would change the
# figures of the other jobs
JOBS = ['billing_run', 'aging', 'statement', 'closing', 'aging_ledger', 'pdf',
    'peer']
TARGETS = {'billing_run': 10, 'statement': 10, 'closing': 120, 'pdf': 60,
    'aging': 2, 'aging_ledger': 2, 'list_page': 0.3, 'browser_clients': 1,
    'browser_contracts': 1, 'browser_bills': 1}


def backend():
    uri = os.environ.get('TRYTOND_DATABASE__URI', 'sqlite://')
    return uri.split(':', 1)[0]


def environ(tmp, uri, port):
    "The environment of the children: a configuration file of their own"
    config = Path(tmp) / f'{uri.split(":", 1)[0]}.conf'
    config.write_text(f"[database]\nuri = {uri}\npath = {tmp}\n"
        f"[web]\nlisten = 127.0.0.1:{port}\nroot = {ROOT / 'var' / 'sao'}\n"
        "[password]\nlength = 8\n")
    return dict(os.environ, TRYTOND_CONFIG=str(config),
        TRYTOND_DATABASE__URI=uri, TRYTOND_DATABASE__PATH=str(tmp))


def run(args, env):
    "Run a child process; return its stdout, seconds and peak memory (MB)"
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE,
        text=True, cwd=ROOT)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f'{args} failed ({process.returncode})')
    return out, time.perf_counter() - started, usage.ru_maxrss / 1024


def setup(database, clients, env):
    out, seconds, memory = run([str(BIN / 'itsvc'),
            '-c', env['TRYTOND_CONFIG'], '-d', database, 'setup',
            '--clients', str(clients)], env)
    return {'job': 'demo setup', 'size': clients, 'rows': clients,
        'seconds': seconds, 'memory': memory}


def job(name, database, env, label=None):
    "The figures of the job: its untimed setup first if it has one"
    # optimized as the itsvc batch commands (see itsvc.cli)
    out, _, memory = run([sys.executable, '-O', '-m', 'bench.jobs', name,
            database], env)
    lines = [json.loads(line) for line in out.strip().splitlines()
        if line.startswith('{')]
    figures = lines[-1]
    figures['memory'] = memory
    if label:
        figures['job'] = label
    return [dict(l, memory=None) for l in lines[:-1]] + [figures]


def ratio(results):
    """Seconds of the sale_subscription peer per client-month over the
    seconds of billing_run per client-month: both bill December 2026 for
    the clients of the same demo database (billing_run: one bill per
    client, issued; peer: consumptions, invoices, posted), each divided by
    its own size (bills, resp. invoices)"""
    figures = {r['job']: r for r in results}
    billing, peer = figures.get('billing_run'), figures.get('peer')
    if not (billing and peer and billing['size'] and peer['size']
            and billing['seconds']):
        return 'n/a'
    value = ((peer['seconds'] / peer['size'])
        / (billing['seconds'] / billing['size']))
    return f'{value:.2f}'


def list_page(database, env, tmp, port):
    "First page of the contracts list over JSON-RPC, median of 5"
    sys.path.insert(0, str(ROOT))
    from itsvc.rpc import Session
    log = open(Path(tmp) / 'trytond.log', 'w')
    # optimized as `make run` starts it (see itsvc.cli)
    server = subprocess.Popen([str(BIN / 'trytond'), '-d', database],
        env=dict(env, PYTHONOPTIMIZE='1'), stdout=log,
        stderr=subprocess.STDOUT)
    try:
        url = f'http://127.0.0.1:{port}/'
        deadline = time.monotonic() + 120
        while True:
            try:
                session = Session(url, database, 'director',
                    os.environ.get('BENCH_PASSWORD', 'itsvc2026'))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        view = session.model('itsvc.contract', 'fields_view_get', None,
            'tree')
        names = list(view['fields'])
        times = []
        for _ in range(5):
            started = time.perf_counter()
            rows = session.model('itsvc.contract', 'search_read', [], 0,
                1000, None, names)
            times.append(time.perf_counter() - started)
        return [{'job': 'list_page', 'size': len(rows), 'rows': len(rows),
            'seconds': statistics.median(times), 'memory': None},
            *browser_lists(url, database)]
    finally:
        server.terminate()
        server.wait(10)
        log.close()


BROWSER_LISTS = [
    ('clients', ['Информационное обслуживание', 'Клиенты']),
    ('contracts', ['Информационное обслуживание', 'Договоры']),
    ('bills', ['Информационное обслуживание', 'Расчёты с клиентами',
            'Счета на оплату']),
    ]


def browser_lists(url, database):
    """The clients, contracts and bills lists in the web client (headless
    Chromium): from the click on the menu entry until the rows are drawn
    and no call is pending, median of 3"""
    from playwright.sync_api import sync_playwright

    from tests.browser.base import CHROMIUM, CHROMIUM_ARGS, VIEWPORT
    from tests.browser.pages import WebClient
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale='ru-RU', viewport=VIEWPORT)
        client = WebClient(page, url, database)
        client.login('director',
            os.environ.get('BENCH_PASSWORD', 'itsvc2026'))
        for name, path in BROWSER_LISTS:
            client.open_menu(*path[:-1])
            times, rows = [], 0
            entry = page.locator('#menu .treeview tbody tr').nth(
                client._menu_index(path)[0]).locator('.column-char')
            for _ in range(3):
                started = time.perf_counter()
                entry.click()
                client.rows().first.wait_for(timeout=60000)
                client.wait(timeout=60, quiet=0)
                times.append(time.perf_counter() - started)
                rows = client.rows().count()
                client.close_tab()
            results.append({'job': f'browser_{name}', 'size': rows,
                    'rows': rows, 'seconds': statistics.median(times),
                    'memory': None})
        browser.close()
    return results


def progress(result):
    "The figures of a job as it ends (the table comes at the end)"
    print(f"    {result['job']}: {result['size']} in "
        f"{result['seconds']:.2f} s", file=sys.stderr)


def table(results):
    lines = [f"{'job':<22}{'size':>9}{'seconds':>10}{'rows/s':>10}"
        f"{'peak MB':>9}{'target s':>10}"]
    for r in results:
        rate = r['rows'] / r['seconds'] if r['seconds'] else 0
        memory = f"{r['memory']:.0f}" if r.get('memory') else '-'
        target = TARGETS.get(r['job'].split()[0])
        lines.append(f"{r['job']:<22}{r['size']:>9}{r['seconds']:>10.2f}"
            f"{rate:>10.0f}{memory:>9}{target if target else '-':>10}")
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog='bench')
    parser.add_argument('--clients', type=int,
        default=int(os.environ.get('BENCH_CLIENTS', 10000)))
    parser.add_argument('--sqlite-clients', type=int, default=None,
        help="clients of the SQLite billing run (default: --clients; "
        "0 to skip)")
    parser.add_argument('--only', nargs='+', metavar='JOB',
        choices=JOBS + ['lists'],
        help="run only these jobs after the demo setup ('lists': the "
        "list page over JSON-RPC and the lists in the web client)")
    options = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from itsvc.instance import free_port
    tmp = tempfile.mkdtemp(prefix='itsvc-bench-')
    port = free_port()
    uri = os.environ.get('TRYTOND_DATABASE__URI', 'sqlite://')
    env = environ(tmp, uri, port)
    database = f'bench_{options.clients}'
    print(f'itsvc bench: {options.clients} clients on {backend()}, '
        f'{os.cpu_count()} CPU(s)', file=sys.stderr)
    results = [setup(database, options.clients, env)]
    progress(results[-1])
    only = set(options.only or JOBS + ['lists'])
    for name in JOBS:
        if name not in only:
            continue
        print(f'  {name}...', file=sys.stderr)
        results.extend(job(name, database, env))
        progress(results[-1])
    if 'lists' in only:
        for result in list_page(database, env, tmp, port):
            results.append(result)
            progress(result)
    sqlite_clients = (options.clients if options.sqlite_clients is None
        else options.sqlite_clients)
    if backend() != 'sqlite' and sqlite_clients:
        print('  billing_run on SQLite...', file=sys.stderr)
        lite = environ(tmp, 'sqlite://', port)
        name = f'bench_{sqlite_clients}'
        results.append(dict(setup(name, sqlite_clients, lite),
                job='demo setup (SQLite)'))
        results.extend(job('billing_run', name, lite,
                label='billing_run (SQLite)'))
        progress(results[-1])
    print(table(results))
    print(f'billing_run_ratio_vs_sale_subscription: {ratio(results)}')


if __name__ == '__main__':
    main()
