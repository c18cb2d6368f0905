# Baseline: Python's streaming ElementTree.iterparse (expat) that only counts the open ports of an nmap XML
# file, clearing each host as it goes (ivre's way). usage: python3 iterparse_count.py FILE
import json, sys
import xml.etree.ElementTree as ET

hosts = ports = 0
context = ET.iterparse(sys.argv[1], events=('start', 'end'))
_, root = next(context)
for event, el in context:
    if event != 'end':
        continue
    if el.tag == 'port':
        state = el.find('state')
        if state is not None and state.get('state') == 'open':
            ports += 1
    elif el.tag == 'host':
        hosts += 1
        el.clear()
        root.clear()
print(json.dumps({'hosts': hosts, 'openPorts': ports}))
