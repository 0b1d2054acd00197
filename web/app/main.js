document.getElementById('app').textContent = 'paingen';
