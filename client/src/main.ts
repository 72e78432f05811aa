// Entry point: global styles, then the custom elements (the shell pulls in the views it routes to).
import './styles/global.css';
import './components/app/app.js';
