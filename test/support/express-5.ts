process.env.EXPECTED_EXPRESS_MAJOR = "5";
import "./express-version";
