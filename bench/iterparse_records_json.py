# Baseline: Python's streaming ElementTree.iterparse that builds the records `portcullis parse --json`
# prints (each open port, one finding per port) and writes them as one JSON object to stdout, the way a
# script would: json.dump of the whole result. usage: python3 iterparse_records_json.py FILE > out.json
import json, sys
import xml.etree.ElementTree as ET

open_ports = []
findings = []
context = ET.iterparse(sys.argv[1], events=('start', 'end'))
_, root = next(context)
for event, el in context:
    if event != 'end' or el.tag != 'host':
        continue
    address = next((a.get('addr') for a in el.findall('address') if a.get('addrtype') in ('ipv4', 'ipv6')), None)
    for port in el.iter('port'):
        state = port.find('state')
        if address is None or state is None or state.get('state') != 'open':
            continue
        service = port.find('service')
        get = (lambda key: service.get(key) if service is not None else None)
        number = int(port.get('portid'))
        protocol = port.get('protocol')
        open_ports.append({'ip': address, 'port': number, 'protocol': protocol, 'service': get('name'), 'product': get('product'), 'version': get('version')})
        findings.append({'severity': 'info', 'title': f"Open port {number}/{protocol} ({get('name') or 'unidentified service'})", 'ip': address, 'port': number})
    el.clear()
    root.clear()
json.dump({'status': 'completed', 'openPorts': open_ports, 'findings': findings}, sys.stdout, separators=(',', ':'))
sys.stdout.write('\n')
