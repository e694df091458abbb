/** Entry point of the portal bundle: defines `<centinela-portal>`, which index.html contains. */
import './app';
