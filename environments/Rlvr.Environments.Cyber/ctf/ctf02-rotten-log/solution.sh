grep 'session leaked' logs/app.log | sed 's/.*token=//' | base64 -d | tr 'A-Za-z' 'N-ZA-Mn-za-m'; echo
