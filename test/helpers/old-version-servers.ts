// Servers that announce old versions, run inside a test host's network namespace (one python3 process
// with a thread per server, so one pid to kill): an SSH server sending `SSH-2.0-OpenSSH_8.9p1`, HTTP
// servers answering `Server: Apache/2.4.49 (Unix)` and `Server: Apache/2.4.62 (Unix)`, an FTP server
// greeting `220 (vsFTPd 2.3.4)`. Only the announcements are old: nothing vulnerable runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { waitForPort } from './netns.js';

export const OLD_VERSION_PORTS = { ftp: 21, ssh: 22, apache249: 8080, apache262: 8081 } as const;

const SCRIPT = String.raw`
import socketserver, sys, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
addr = sys.argv[1]
class Banner(socketserver.BaseRequestHandler):
    banner = b''
    def handle(self):
        self.request.settimeout(5)
        self.request.sendall(self.banner)
        try:
            while True:
                data = self.request.recv(1024)
                if not data: break
                if self.reply: self.request.sendall(self.reply)
        except Exception:
            pass
class Ssh(Banner):
    banner = b'SSH-2.0-OpenSSH_8.9p1\r\n'
    reply = b''
class Ftp(Banner):
    banner = b'220 (vsFTPd 2.3.4)\r\n'
    reply = b'530 Please login with USER and PASS.\r\n'
def web(version):
    class Handler(BaseHTTPRequestHandler):
        def version_string(self): return 'Apache/%s (Unix)' % version
        def log_message(self, *a): pass
        def do_GET(self):
            body = b'<html><body>It works!</body></html>'
            self.send_response(200); self.send_header('Content-Type', 'text/html'); self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
        do_HEAD = do_GET
    return Handler
class Threaded(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True
servers = [Threaded((addr, 21), Ftp), Threaded((addr, 22), Ssh), HTTPServer((addr, 8080), web('2.4.49')), HTTPServer((addr, 8081), web('2.4.62'))]
for s in servers[1:]:
    threading.Thread(target=s.serve_forever, daemon=True).start()
servers[0].serve_forever()
`;

/** Starts the servers in `netns` on `address`; resolves once every port answers. Kill the child when done. */
export async function startOldVersionServers(netns: string, address: string): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', netns, 'python3', '-c', SCRIPT, address], { stdio: 'ignore' });
  child.on('error', () => undefined);
  try {
    for (const port of Object.values(OLD_VERSION_PORTS)) await waitForPort(address, port);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}
